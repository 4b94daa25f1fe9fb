/*
 * wasi-check-c: calls every WASI preview1 function a CGI host offers and checks each answer
 * against what a sandbox without preopened directories must give. It answers as a CGI program
 * (text/plain), one line per check:
 *
 *   ok NAME WHAT-IT-GOT
 *   FAIL NAME expected WHAT got WHAT-IT-GOT
 *
 * and, last, "N passed, N failed". Functions wasi-libc wraps are called both through libc and
 * directly through __wasi_* from <wasi/api.h>; the others only directly. The program always
 * exits 0 through proc_exit, so that the host serves the report even when checks fail.
 */
/* POSIX and BSD functions (clock_gettime, nanosleep, getentropy) beside strict C11. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

/* The errno names of the WASI preview1 specification, by value. */
static const char *const errno_names[] = {
    "success", "2big", "acces", "addrinuse", "addrnotavail", "afnosupport", "again", "already",
    "badf", "badmsg", "busy", "canceled", "child", "connaborted", "connrefused", "connreset",
    "deadlk", "destaddrreq", "dom", "dquot", "exist", "fault", "fbig", "hostunreach", "idrm",
    "ilseq", "inprogress", "intr", "inval", "io", "isconn", "isdir", "loop", "mfile", "mlink",
    "msgsize", "multihop", "nametoolong", "netdown", "netreset", "netunreach", "nfile", "nobufs",
    "nodev", "noent", "noexec", "nolck", "nolink", "nomem", "nomsg", "noprotoopt", "nospc",
    "nosys", "notconn", "notdir", "notempty", "notrecoverable", "notsock", "notsup", "notty",
    "nxio", "overflow", "ownerdead", "perm", "pipe", "proto", "protonosupport", "prototype",
    "range", "rofs", "spipe", "srch", "stale", "timedout", "txtbsy", "xdev", "notcapable",
};

static const char *errno_name(__wasi_errno_t e) {
    return e < sizeof errno_names / sizeof errno_names[0] ? errno_names[e] : "unknown";
}

static int passed, failed;

/*
 * Reports one check. stdout is flushed after every line so that the lines written with
 * __wasi_fd_write directly stay in order with these.
 */
static void check(const char *name, int ok, const char *expected, const char *got_format, ...) {
    char got[512];
    va_list ap;
    va_start(ap, got_format);
    vsnprintf(got, sizeof got, got_format, ap);
    va_end(ap);
    if (ok) {
        passed++;
        printf("ok %s %s\n", name, got);
    } else {
        failed++;
        printf("FAIL %s expected %s got %s\n", name, expected, got);
    }
    fflush(stdout);
}

/* A WASI call that must fail with badf because fd 3 does not exist. */
static void check_badf(const char *name, __wasi_errno_t e) {
    check(name, e == __WASI_ERRNO_BADF, "badf", "%s", errno_name(e));
}

/* A libc call on a path that must fail, since no directory is preopened. */
static void check_libc_fails(const char *name, int failed_as_it_must, int saved_errno) {
    check(name, failed_as_it_must, "failure", failed_as_it_must ? "fails: %s" : "succeeds%s",
          failed_as_it_must ? strerror(saved_errno) : "");
}

static __wasi_timestamp_t now(__wasi_clockid_t clock) {
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(clock, 1, &t) != 0) return 0;
    return t;
}

static void check_args(int argc, char **argv) {
    __wasi_size_t count = 0, size = 0;
    __wasi_errno_t e = __wasi_args_sizes_get(&count, &size);
    check("args_sizes_get", e == 0 && count >= 1 && (int)count == argc, "success, at least 1 argument, as many as main got",
          "%s, %u argument(s), %u bytes", errno_name(e), (unsigned)count, (unsigned)size);
    if (e != 0 || count == 0) return;
    uint8_t **list = calloc(count, sizeof *list);
    uint8_t *buf = malloc(size);
    if (!list || !buf) {
        check("args_get", 0, "memory for the arguments", "malloc failed");
        return;
    }
    e = __wasi_args_get(list, buf);
    int same = e == 0 && strcmp((char *)list[0], argv[0]) == 0;
    check("args_get", same && list[0][0] != 0, "success, a non-empty argv[0], the one main got", "%s, argv[0]=%s", errno_name(e),
          e == 0 ? (char *)list[0] : "-");
    free(list);
    free(buf);
}

/* Checks environ_get's entries; count and size are what environ_sizes_get reported. */
static void check_environ_get(__wasi_size_t count, __wasi_size_t size) {
    uint8_t **list = calloc(count, sizeof *list);
    uint8_t *buf = malloc(size);
    if (!list || !buf) {
        check("environ_get", 0, "memory for the environment", "malloc failed");
        return;
    }
    __wasi_errno_t e = __wasi_environ_get(list, buf);
    unsigned malformed = 0;
    for (__wasi_size_t i = 0; e == 0 && i < count; i++) {
        if (!strchr((char *)list[i], '=') || list[i][0] == '=') malformed++;
    }
    check("environ_get", e == 0 && malformed == 0, "success and every entry NAME=VALUE", "%s, %u malformed", errno_name(e),
          malformed);
    free(list);
    free(buf);
}

static void check_environ(void) {
    __wasi_size_t count = 0, size = 0;
    __wasi_errno_t e = __wasi_environ_sizes_get(&count, &size);
    check("environ_sizes_get", e == 0 && count >= 1, "success and at least 1 variable", "%s, %u variable(s), %u bytes",
          errno_name(e), (unsigned)count, (unsigned)size);
    if (e == 0 && count > 0) check_environ_get(count, size);

    const char *method = getenv("REQUEST_METHOD");
    check("getenv(REQUEST_METHOD)", method && *method, "a method", "%s", method ? method : "(unset)");
    const char *gateway = getenv("GATEWAY_INTERFACE");
    check("getenv(GATEWAY_INTERFACE)", gateway && strcmp(gateway, "CGI/1.1") == 0, "CGI/1.1", "%s",
          gateway ? gateway : "(unset)");
}

static void check_clocks(void) {
    static const struct {
        __wasi_clockid_t id;
        const char *res_name, *time_name;
    } clocks[] = {
        {__WASI_CLOCKID_REALTIME, "clock_res_get(realtime)", "clock_time_get(realtime)"},
        {__WASI_CLOCKID_MONOTONIC, "clock_res_get(monotonic)", "clock_time_get(monotonic)"},
    };
    for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
        __wasi_timestamp_t res = 0;
        __wasi_errno_t e = __wasi_clock_res_get(clocks[i].id, &res);
        check(clocks[i].res_name, e == 0 && res > 0 && res <= 1000000000, "success, 1 ns to 1 s", "%s, %llu ns",
              errno_name(e), (unsigned long long)res);
    }

    __wasi_timestamp_t t = 0;
    __wasi_errno_t e = __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t);
    /* 2020-01-01 to 2100-01-01, in ns since the epoch. */
    int plausible = t >= 1577836800ULL * 1000000000ULL && t < 4102444800ULL * 1000000000ULL;
    check("clock_time_get(realtime)", e == 0 && plausible, "success, a time from 2020 to 2100", "%s, %llu s since the epoch",
          errno_name(e), (unsigned long long)(t / 1000000000ULL));
    time_t libc_time = time(NULL);
    long long skew = (long long)libc_time - (long long)(t / 1000000000ULL);
    check("time()", skew >= -2 && skew <= 2, "within 2 s of clock_time_get(realtime)", "%lld s apart", skew);

    __wasi_timestamp_t m1 = 0, m2 = 0;
    e = __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &m1);
    __wasi_errno_t e2 = __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &m2);
    check("clock_time_get(monotonic)", e == 0 && e2 == 0 && m1 > 0 && m2 >= m1, "success, two readings not decreasing",
          "%s, %llu ns later", errno_name(e ? e : e2), (unsigned long long)(m2 - m1));
    struct timespec ts;
    int r = clock_gettime(CLOCK_MONOTONIC, &ts);
    check("clock_gettime(CLOCK_MONOTONIC)", r == 0, "0", "%d", r);
}

static int all_same(const uint8_t *b, size_t n) {
    for (size_t i = 1; i < n; i++) {
        if (b[i] != b[0]) return 0;
    }
    return 1;
}

static void check_random(void) {
    uint8_t a[32], b[32];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    __wasi_errno_t e = __wasi_random_get(a, sizeof a);
    __wasi_errno_t e2 = __wasi_random_get(b, sizeof b);
    check("random_get", e == 0 && e2 == 0 && !all_same(a, sizeof a) && memcmp(a, b, sizeof a) != 0,
          "success, two different non-constant 32-byte draws", "%s, first bytes %02x%02x%02x%02x then %02x%02x%02x%02x",
          errno_name(e ? e : e2), a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
    int r = getentropy(a, sizeof a);
    check("getentropy", r == 0 && !all_same(a, sizeof a), "0 and non-constant bytes", "%d", r);
}

static void check_stdin(void) {
    size_t total = 0;
    __wasi_errno_t e = 0;
    char buf[1024];
    for (;;) {
        __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
        __wasi_size_t n = 0;
        e = __wasi_fd_read(0, &iov, 1, &n);
        if (e != 0 || n == 0) break;
        total += n;
    }
    const char *length = getenv("CONTENT_LENGTH");
    size_t expected = length && *length ? strtoul(length, NULL, 10) : 0;
    char want[64];
    snprintf(want, sizeof want, "success, CONTENT_LENGTH (%zu) bytes", expected);
    check("fd_read(0) to end", e == 0 && total == expected, want, "%s, %zu bytes", errno_name(e), total);

    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_size_t n = 1;
    e = __wasi_fd_read(0, &iov, 1, &n);
    check("fd_read(0) after end", e == 0 && n == 0, "success, 0 bytes", "%s, %u bytes", errno_name(e), (unsigned)n);
}

static void check_output(void) {
    /* This line goes straight to fd 1; its own success is reported on the next line. */
    static const char line[] = "-- this line was written with fd_write(1)\n";
    __wasi_ciovec_t iov = {(const uint8_t *)line, sizeof line - 1};
    __wasi_size_t n = 0;
    __wasi_errno_t e = __wasi_fd_write(1, &iov, 1, &n);
    check("fd_write(1)", e == 0 && n == sizeof line - 1, "success, all bytes", "%s, %u of %u bytes", errno_name(e),
          (unsigned)n, (unsigned)(sizeof line - 1));

    static const char err_line[] = "wasi-check-c: this line was written with fd_write(2)\n";
    iov = (__wasi_ciovec_t){(const uint8_t *)err_line, sizeof err_line - 1};
    e = __wasi_fd_write(2, &iov, 1, &n);
    check("fd_write(2)", e == 0 && n == sizeof err_line - 1, "success, all bytes", "%s, %u of %u bytes", errno_name(e),
          (unsigned)n, (unsigned)(sizeof err_line - 1));
    int r = fprintf(stderr, "wasi-check-c: and this one with fprintf(stderr)\n");
    check("fprintf(stderr)", r > 0, "a positive count", "%d", r);
}

static void check_fdstat(void) {
    static const struct {
        __wasi_fd_t fd;
        __wasi_rights_t right;
        const char *name, *expected;
    } fds[] = {
        {0, __WASI_RIGHTS_FD_READ, "fd_fdstat_get(0)", "success with right fd_read"},
        {1, __WASI_RIGHTS_FD_WRITE, "fd_fdstat_get(1)", "success with right fd_write"},
        {2, __WASI_RIGHTS_FD_WRITE, "fd_fdstat_get(2)", "success with right fd_write"},
    };
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
        __wasi_fdstat_t st;
        memset(&st, 0, sizeof st);
        __wasi_errno_t e = __wasi_fd_fdstat_get(fds[i].fd, &st);
        check(fds[i].name, e == 0 && (st.fs_rights_base & fds[i].right), fds[i].expected,
              "%s, filetype %u, flags %#x, rights %#llx", errno_name(e), st.fs_filetype, st.fs_flags,
              (unsigned long long)st.fs_rights_base);
    }
}

/* Descriptor 3 would be the first preopened directory; in this sandbox it does not exist. */
static void check_no_files(void) {
    __wasi_prestat_t prestat;
    check_badf("fd_prestat_get(3)", __wasi_fd_prestat_get(3, &prestat));
    uint8_t name[64];
    check_badf("fd_prestat_dir_name(3)", __wasi_fd_prestat_dir_name(3, name, sizeof name));
    __wasi_fdstat_t st;
    check_badf("fd_fdstat_get(3)", __wasi_fd_fdstat_get(3, &st));
    __wasi_fd_t opened;
    check_badf("path_open(3, \"etc/passwd\")",
               __wasi_path_open(3, 0, "etc/passwd", 0, __WASI_RIGHTS_FD_READ, 0, 0, &opened));
    __wasi_filestat_t filestat;
    check_badf("path_filestat_get(3, \".\")", __wasi_path_filestat_get(3, 0, ".", &filestat));
    check_badf("path_create_directory(3, \"d\")", __wasi_path_create_directory(3, "d"));
    __wasi_size_t n;
    check_badf("fd_readdir(3)", __wasi_fd_readdir(3, name, sizeof name, 0, &n));
    __wasi_iovec_t iov = {name, sizeof name};
    check_badf("fd_read(3)", __wasi_fd_read(3, &iov, 1, &n));
    __wasi_ciovec_t ciov = {name, sizeof name};
    check_badf("fd_write(3)", __wasi_fd_write(3, &ciov, 1, &n));
    __wasi_filesize_t pos;
    check_badf("fd_seek(3)", __wasi_fd_seek(3, 0, __WASI_WHENCE_SET, &pos));
    check_badf("fd_close(3)", __wasi_fd_close(3));

    errno = 0;
    FILE *f = fopen("/etc/passwd", "r");
    check_libc_fails("fopen(\"/etc/passwd\", \"r\")", f == NULL, errno);
    errno = 0;
    f = fopen("out.txt", "w");
    check_libc_fails("fopen(\"out.txt\", \"w\")", f == NULL, errno);
    errno = 0;
    DIR *dir = opendir(".");
    check_libc_fails("opendir(\".\")", dir == NULL, errno);
    /* The call comes before the errno argument is read: C leaves argument order open. */
    errno = 0;
    struct stat sb;
    int r = stat("/", &sb);
    check_libc_fails("stat(\"/\")", r != 0, errno);
    errno = 0;
    int fd = open("new", O_WRONLY | O_CREAT, 0644);
    check_libc_fails("open(\"new\", O_CREAT)", fd < 0, errno);
}

static void check_scheduling(void) {
    __wasi_errno_t e = __wasi_sched_yield();
    check("sched_yield", e == 0, "success", "%s", errno_name(e));

    __wasi_subscription_t sub;
    memset(&sub, 0, sizeof sub);
    sub.userdata = 42;
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    sub.u.u.clock.timeout = 10 * 1000000ULL;
    __wasi_event_t event;
    memset(&event, 0, sizeof event);
    __wasi_size_t events = 0;
    __wasi_timestamp_t start = now(__WASI_CLOCKID_MONOTONIC);
    e = __wasi_poll_oneoff(&sub, &event, 1, &events);
    __wasi_timestamp_t elapsed = now(__WASI_CLOCKID_MONOTONIC) - start;
    int ok = e == 0 && events == 1 && event.userdata == 42 && event.error == 0 && event.type == __WASI_EVENTTYPE_CLOCK &&
             elapsed >= 10 * 1000000ULL && elapsed < 5000 * 1000000ULL;
    check("poll_oneoff(clock 10 ms)", ok, "success, 1 clock event for userdata 42, 10 ms to 5 s later",
          "%s, %u event(s), userdata %llu, error %s, type %u, %llu us later", errno_name(e), (unsigned)events,
          (unsigned long long)event.userdata, errno_name(event.error), event.type, (unsigned long long)(elapsed / 1000));

    struct timespec ten_ms = {0, 10 * 1000000L};
    start = now(__WASI_CLOCKID_MONOTONIC);
    int r = nanosleep(&ten_ms, NULL);
    elapsed = now(__WASI_CLOCKID_MONOTONIC) - start;
    check("nanosleep(10 ms)", r == 0 && elapsed >= 10 * 1000000ULL, "0, at least 10 ms later", "%d, %llu us later", r,
          (unsigned long long)(elapsed / 1000));
}

int main(int argc, char **argv) {
    printf("Content-Type: text/plain; charset=utf-8\n\n");
    check_args(argc, argv);
    check_environ();
    check_clocks();
    check_random();
    check_stdin();
    check_output();
    check_fdstat();
    check_no_files();
    check_scheduling();
    printf("%d passed, %d failed\n", passed, failed);
    fflush(stdout);
    __wasi_proc_exit(0);
}
