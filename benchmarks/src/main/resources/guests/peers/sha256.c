/* run(n): the SHA-256 of 1 MiB of memory, n times; memory-heavy code, as in hashing a body. */
#include "sha256.h"

static u8 data[1 << 20];

long long run(long long n) {
    for (u32 i = 0; i < sizeof data; i++) {
        data[i] = (u8) (i * 31 + 7);
    }
    u64 result = 0;
    for (long long round = 0; round < n; round++) {
        sha256 s;
        u8 digest[32];
        data[0] = (u8) round;
        sha256_init(&s);
        sha256_update(&s, data, sizeof data);
        sha256_final(&s, digest);
        for (int i = 0; i < 8; i++) result = result * 31 + digest[i];
    }
    return (long long) result;
}
