/* SHA-256 (FIPS 180-4) and HMAC-SHA256 for the peer benchmarks: freestanding C, no libc. */
#ifndef PEER_SHA256_H
#define PEER_SHA256_H

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;

void *memcpy(void *to, const void *from, unsigned long n) {
    u8 *d = to;
    const u8 *s = from;
    while (n--) *d++ = *s++;
    return to;
}

void *memset(void *to, int value, unsigned long n) {
    u8 *d = to;
    while (n--) *d++ = (u8) value;
    return to;
}

typedef struct {
    u32 h[8];
    u8 block[64];
    u32 used;
    u64 length;
} sha256;

static const u32 K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(sha256 *s, const u8 *p) {
    u32 w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = (u32) p[4 * i] << 24 | (u32) p[4 * i + 1] << 16 | (u32) p[4 * i + 2] << 8 | p[4 * i + 3];
    }
    for (int i = 16; i < 64; i++) {
        u32 s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        u32 s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    u32 a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
    for (int i = 0; i < 64; i++) {
        u32 t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        u32 t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d; s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha256_init(sha256 *s) {
    static const u32 H[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, H, sizeof H);
    s->used = 0;
    s->length = 0;
}

static void sha256_update(sha256 *s, const u8 *p, u32 n) {
    s->length += n;
    while (n > 0) {
        if (s->used == 0 && n >= 64) {
            sha256_block(s, p);
            p += 64;
            n -= 64;
            continue;
        }
        u32 take = 64 - s->used < n ? 64 - s->used : n;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        n -= take;
        if (s->used == 64) {
            sha256_block(s, s->block);
            s->used = 0;
        }
    }
}

static void sha256_final(sha256 *s, u8 out[32]) {
    u64 bits = s->length * 8;
    u8 pad = 0x80;
    sha256_update(s, &pad, 1);
    u8 zero = 0;
    while (s->used != 56) {
        sha256_update(s, &zero, 1);
    }
    u8 length[8];
    for (int i = 0; i < 8; i++) {
        length[i] = (u8) (bits >> (56 - 8 * i));
    }
    sha256_update(s, length, 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (u8) (s->h[i] >> 24);
        out[4 * i + 1] = (u8) (s->h[i] >> 16);
        out[4 * i + 2] = (u8) (s->h[i] >> 8);
        out[4 * i + 3] = (u8) s->h[i];
    }
}

static inline void hmac_sha256(const u8 *key, u32 keyLength, const u8 *message, u32 length, u8 out[32]) {
    u8 pad[64];
    u8 inner[32];
    sha256 s;
    memset(pad, 0, 64);
    memcpy(pad, key, keyLength);
    for (int i = 0; i < 64; i++) pad[i] ^= 0x36;
    sha256_init(&s);
    sha256_update(&s, pad, 64);
    sha256_update(&s, message, length);
    sha256_final(&s, inner);
    for (int i = 0; i < 64; i++) pad[i] ^= 0x36 ^ 0x5c;
    sha256_init(&s);
    sha256_update(&s, pad, 64);
    sha256_update(&s, inner, 32);
    sha256_final(&s, out);
}

#endif
