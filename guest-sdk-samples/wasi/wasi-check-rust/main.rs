//! wasi-check-rust: calls every WASI preview1 function a CGI host offers, through Rust's
//! standard library where it has an API for it and directly otherwise, and checks each answer
//! against what a sandbox without preopened directories must give. It answers as a CGI program
//! (text/plain), one line per check:
//!
//!   ok NAME WHAT-IT-GOT
//!   FAIL NAME expected WHAT got WHAT-IT-GOT
//!
//! and, last, "N passed, N failed". It always exits 0 (std::process::exit, that is proc_exit),
//! so that the host serves the report even when checks fail.

use std::env;
use std::fs;
use std::io::{self, Read, Write};
use std::process;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The WASI functions std has no API for, imported directly. Pointers are addresses in this
/// module's memory; every function returns a WASI errno.
mod wasi {
    pub const EBADF: i32 = 8;
    pub const CLOCK_REALTIME: u32 = 0;
    pub const CLOCK_MONOTONIC: u32 = 1;
    pub const EVENTTYPE_CLOCK: u8 = 0;
    pub const RIGHTS_FD_READ: u64 = 1 << 1;
    pub const RIGHTS_FD_WRITE: u64 = 1 << 6;

    #[repr(C)]
    pub struct Ciovec {
        pub buf: *const u8,
        pub len: usize,
    }

    #[repr(C)]
    pub struct Fdstat {
        pub filetype: u8,
        pub flags: u16,
        pub rights_base: u64,
        pub rights_inheriting: u64,
    }

    #[repr(C)]
    pub struct SubscriptionClock {
        pub id: u32,
        pub timeout: u64,
        pub precision: u64,
        pub flags: u16,
    }

    /// A subscription whose union holds a clock (tag 0): the only kind this check uses.
    #[repr(C)]
    pub struct Subscription {
        pub userdata: u64,
        pub tag: u8,
        pub clock: SubscriptionClock,
    }

    #[repr(C)]
    pub struct Event {
        pub userdata: u64,
        pub error: u16,
        pub kind: u8,
        pub fd_readwrite: [u64; 2],
    }

    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        pub fn args_sizes_get(count: *mut u32, size: *mut u32) -> i32;
        pub fn environ_sizes_get(count: *mut u32, size: *mut u32) -> i32;
        pub fn clock_res_get(id: u32, resolution: *mut u64) -> i32;
        pub fn random_get(buf: *mut u8, len: usize) -> i32;
        pub fn fd_write(fd: u32, iovs: *const Ciovec, iovs_len: usize, written: *mut usize) -> i32;
        pub fn fd_read(fd: u32, iovs: *const Ciovec, iovs_len: usize, read: *mut usize) -> i32;
        pub fn fd_fdstat_get(fd: u32, stat: *mut Fdstat) -> i32;
        pub fn fd_prestat_get(fd: u32, prestat: *mut [u32; 2]) -> i32;
        pub fn fd_prestat_dir_name(fd: u32, path: *mut u8, len: usize) -> i32;
        pub fn path_open(
            fd: u32,
            dirflags: u32,
            path: *const u8,
            path_len: usize,
            oflags: u32,
            rights_base: u64,
            rights_inheriting: u64,
            fdflags: u32,
            opened: *mut u32,
        ) -> i32;
        pub fn path_filestat_get(fd: u32, flags: u32, path: *const u8, path_len: usize, stat: *mut [u64; 8]) -> i32;
        pub fn path_create_directory(fd: u32, path: *const u8, path_len: usize) -> i32;
        pub fn fd_readdir(fd: u32, buf: *mut u8, len: usize, cookie: u64, used: *mut usize) -> i32;
        pub fn fd_seek(fd: u32, offset: i64, whence: u32, position: *mut u64) -> i32;
        pub fn fd_close(fd: u32) -> i32;
        pub fn sched_yield() -> i32;
        pub fn poll_oneoff(subscriptions: *const Subscription, events: *mut Event, count: usize, stored: *mut usize) -> i32;
    }
}

/// The errno names of the WASI preview1 specification, by value.
const ERRNO_NAMES: [&str; 77] = [
    "success", "2big", "acces", "addrinuse", "addrnotavail", "afnosupport", "again", "already", "badf", "badmsg",
    "busy", "canceled", "child", "connaborted", "connrefused", "connreset", "deadlk", "destaddrreq", "dom", "dquot",
    "exist", "fault", "fbig", "hostunreach", "idrm", "ilseq", "inprogress", "intr", "inval", "io", "isconn", "isdir",
    "loop", "mfile", "mlink", "msgsize", "multihop", "nametoolong", "netdown", "netreset", "netunreach", "nfile",
    "nobufs", "nodev", "noent", "noexec", "nolck", "nolink", "nomem", "nomsg", "noprotoopt", "nospc", "nosys",
    "notconn", "notdir", "notempty", "notrecoverable", "notsock", "notsup", "notty", "nxio", "overflow",
    "ownerdead", "perm", "pipe", "proto", "protonosupport", "prototype", "range", "rofs", "spipe", "srch", "stale",
    "timedout", "txtbsy", "xdev", "notcapable",
];

fn errno_name(e: i32) -> &'static str {
    usize::try_from(e).ok().and_then(|i| ERRNO_NAMES.get(i)).copied().unwrap_or("unknown")
}

#[derive(Default)]
struct Report {
    passed: u32,
    failed: u32,
}

impl Report {
    /// One line per check; println! flushes at each line feed, which keeps the lines written
    /// with fd_write directly in order with these.
    fn check(&mut self, name: &str, ok: bool, expected: &str, got: String) {
        if ok {
            self.passed += 1;
            println!("ok {} {}", name, got);
        } else {
            self.failed += 1;
            println!("FAIL {} expected {} got {}", name, expected, got);
        }
    }

    /// A direct call that must fail with badf because fd 3 does not exist.
    fn badf(&mut self, name: &str, e: i32) {
        self.check(name, e == wasi::EBADF, "badf", errno_name(e).to_string());
    }

    /// A std call on a path that must fail, since no directory is preopened.
    fn fails<T>(&mut self, name: &str, result: io::Result<T>) {
        let got = match &result {
            Ok(_) => "succeeds".to_string(),
            Err(e) => format!("fails: {}", e),
        };
        self.check(name, result.is_err(), "failure", got);
    }
}

fn check_args(r: &mut Report) {
    let args: Vec<_> = env::args_os().collect();
    let first = args.first().map(|a| a.to_string_lossy().into_owned()).unwrap_or_default();
    r.check("env::args_os", !first.is_empty(), "a non-empty argv[0]", format!("{} argument(s), argv[0]={}", args.len(), first));
    let (mut count, mut size) = (0u32, 0u32);
    let e = unsafe { wasi::args_sizes_get(&mut count, &mut size) };
    r.check(
        "args_sizes_get",
        e == 0 && count as usize == args.len(),
        "success and as many arguments as env::args_os",
        format!("{}, {} argument(s), {} bytes", errno_name(e), count, size),
    );
}

fn check_environ(r: &mut Report) {
    let vars = env::vars_os().count();
    let (mut count, mut size) = (0u32, 0u32);
    let e = unsafe { wasi::environ_sizes_get(&mut count, &mut size) };
    r.check(
        "environ_sizes_get",
        e == 0 && count >= 1 && count as usize == vars,
        "success and as many variables (at least 1) as env::vars_os",
        format!("{}, {} variable(s), {} bytes", errno_name(e), count, size),
    );
    let method = env::var("REQUEST_METHOD");
    r.check(
        "env::var(REQUEST_METHOD)",
        method.as_ref().map_or(false, |m| !m.is_empty()),
        "a method",
        method.clone().unwrap_or_else(|e| e.to_string()),
    );
    let gateway = env::var("GATEWAY_INTERFACE");
    r.check(
        "env::var(GATEWAY_INTERFACE)",
        gateway.as_deref() == Ok("CGI/1.1"),
        "CGI/1.1",
        gateway.unwrap_or_else(|e| e.to_string()),
    );
}

fn check_clocks(r: &mut Report) {
    for (id, name) in [(wasi::CLOCK_REALTIME, "clock_res_get(realtime)"), (wasi::CLOCK_MONOTONIC, "clock_res_get(monotonic)")] {
        let mut resolution = 0u64;
        let e = unsafe { wasi::clock_res_get(id, &mut resolution) };
        r.check(
            name,
            e == 0 && resolution > 0 && resolution <= 1_000_000_000,
            "success, 1 ns to 1 s",
            format!("{}, {} ns", errno_name(e), resolution),
        );
    }
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    // 2020-01-01 to 2100-01-01.
    r.check(
        "SystemTime::now",
        (1_577_836_800..4_102_444_800).contains(&since_epoch),
        "a time from 2020 to 2100",
        format!("{} s since the epoch", since_epoch),
    );
    let first = Instant::now();
    let second = Instant::now();
    r.check("Instant::now", second >= first, "two readings not decreasing", format!("{} ns later", (second - first).as_nanos()));
}

fn check_random(r: &mut Report) {
    let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
    let e1 = unsafe { wasi::random_get(a.as_mut_ptr(), a.len()) };
    let e2 = unsafe { wasi::random_get(b.as_mut_ptr(), b.len()) };
    let constant = a.iter().all(|&x| x == a[0]);
    r.check(
        "random_get",
        e1 == 0 && e2 == 0 && !constant && a != b,
        "success, two different non-constant 32-byte draws",
        format!(
            "{}, first bytes {:02x}{:02x}{:02x}{:02x} then {:02x}{:02x}{:02x}{:02x}",
            errno_name(if e1 != 0 { e1 } else { e2 }),
            a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]
        ),
    );
}

fn check_stdin(r: &mut Report) {
    let expected: usize = env::var("CONTENT_LENGTH").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut body = Vec::new();
    let result = io::stdin().read_to_end(&mut body);
    r.check(
        "stdin read_to_end",
        result.is_ok() && body.len() == expected,
        &format!("CONTENT_LENGTH ({}) bytes", expected),
        match result {
            Ok(n) => format!("{} bytes", n),
            Err(e) => e.to_string(),
        },
    );
    let mut buf = [0u8; 64];
    let again = io::stdin().read(&mut buf);
    r.check(
        "stdin read after end",
        matches!(again, Ok(0)),
        "0 bytes",
        match again {
            Ok(n) => format!("{} bytes", n),
            Err(e) => e.to_string(),
        },
    );
}

fn check_output(r: &mut Report) {
    // This line goes straight to fd 1; its own success is reported on the next line.
    let line = b"-- this line was written with fd_write(1)\n";
    let iov = wasi::Ciovec { buf: line.as_ptr(), len: line.len() };
    let mut written = 0usize;
    let e = unsafe { wasi::fd_write(1, &iov, 1, &mut written) };
    r.check(
        "fd_write(1)",
        e == 0 && written == line.len(),
        "success, all bytes",
        format!("{}, {} of {} bytes", errno_name(e), written, line.len()),
    );
    let result = writeln!(io::stderr(), "wasi-check-rust: this line was written with std::io::stderr");
    r.check("io::stderr writeln", result.is_ok(), "success", format!("{:?}", result));
}

fn check_fdstat(r: &mut Report) {
    for (fd, right, name, expected) in [
        (0, wasi::RIGHTS_FD_READ, "fd_fdstat_get(0)", "success with right fd_read"),
        (1, wasi::RIGHTS_FD_WRITE, "fd_fdstat_get(1)", "success with right fd_write"),
        (2, wasi::RIGHTS_FD_WRITE, "fd_fdstat_get(2)", "success with right fd_write"),
    ] {
        let mut st = wasi::Fdstat { filetype: 0, flags: 0, rights_base: 0, rights_inheriting: 0 };
        let e = unsafe { wasi::fd_fdstat_get(fd, &mut st) };
        r.check(
            name,
            e == 0 && st.rights_base & right != 0,
            expected,
            format!("{}, filetype {}, flags {:#x}, rights {:#x}", errno_name(e), st.filetype, st.flags, st.rights_base),
        );
    }
}

/// Descriptor 3 would be the first preopened directory; in this sandbox it does not exist.
fn check_no_files(r: &mut Report) {
    let mut prestat = [0u32; 2];
    r.badf("fd_prestat_get(3)", unsafe { wasi::fd_prestat_get(3, &mut prestat) });
    let mut buf = [0u8; 64];
    r.badf("fd_prestat_dir_name(3)", unsafe { wasi::fd_prestat_dir_name(3, buf.as_mut_ptr(), buf.len()) });
    let mut st = wasi::Fdstat { filetype: 0, flags: 0, rights_base: 0, rights_inheriting: 0 };
    r.badf("fd_fdstat_get(3)", unsafe { wasi::fd_fdstat_get(3, &mut st) });
    let path = "etc/passwd";
    let mut opened = 0u32;
    r.badf("path_open(3, \"etc/passwd\")", unsafe {
        wasi::path_open(3, 0, path.as_ptr(), path.len(), 0, wasi::RIGHTS_FD_READ, 0, 0, &mut opened)
    });
    let mut filestat = [0u64; 8];
    r.badf("path_filestat_get(3, \".\")", unsafe { wasi::path_filestat_get(3, 0, ".".as_ptr(), 1, &mut filestat) });
    r.badf("path_create_directory(3, \"d\")", unsafe { wasi::path_create_directory(3, "d".as_ptr(), 1) });
    let mut used = 0usize;
    r.badf("fd_readdir(3)", unsafe { wasi::fd_readdir(3, buf.as_mut_ptr(), buf.len(), 0, &mut used) });
    let iov = wasi::Ciovec { buf: buf.as_ptr(), len: buf.len() };
    r.badf("fd_read(3)", unsafe { wasi::fd_read(3, &iov, 1, &mut used) });
    r.badf("fd_write(3)", unsafe { wasi::fd_write(3, &iov, 1, &mut used) });
    let mut position = 0u64;
    r.badf("fd_seek(3)", unsafe { wasi::fd_seek(3, 0, 0, &mut position) });
    r.badf("fd_close(3)", unsafe { wasi::fd_close(3) });

    r.fails("File::open(\"/etc/passwd\")", fs::File::open("/etc/passwd"));
    r.fails("File::create(\"out.txt\")", fs::File::create("out.txt"));
    r.fails("read_dir(\".\")", fs::read_dir("."));
    r.fails("metadata(\"/\")", fs::metadata("/"));
    r.fails("create_dir(\"d\")", fs::create_dir("d"));
}

fn check_scheduling(r: &mut Report) {
    let e = unsafe { wasi::sched_yield() };
    r.check("sched_yield", e == 0, "success", errno_name(e).to_string());

    let subscription = wasi::Subscription {
        userdata: 42,
        tag: wasi::EVENTTYPE_CLOCK,
        clock: wasi::SubscriptionClock { id: wasi::CLOCK_MONOTONIC, timeout: 10_000_000, precision: 0, flags: 0 },
    };
    let mut event = wasi::Event { userdata: 0, error: 0, kind: 0xff, fd_readwrite: [0; 2] };
    let mut stored = 0usize;
    let start = Instant::now();
    let e = unsafe { wasi::poll_oneoff(&subscription, &mut event, 1, &mut stored) };
    let elapsed = start.elapsed();
    r.check(
        "poll_oneoff(clock 10 ms)",
        e == 0
            && stored == 1
            && event.userdata == 42
            && event.error == 0
            && event.kind == wasi::EVENTTYPE_CLOCK
            && elapsed >= Duration::from_millis(10)
            && elapsed < Duration::from_secs(5),
        "success, 1 clock event for userdata 42, 10 ms to 5 s later",
        format!(
            "{}, {} event(s), userdata {}, error {}, type {}, {} us later",
            errno_name(e),
            stored,
            event.userdata,
            errno_name(event.error.into()),
            event.kind,
            elapsed.as_micros()
        ),
    );

    let start = Instant::now();
    thread::sleep(Duration::from_millis(10));
    let elapsed = start.elapsed();
    r.check(
        "thread::sleep(10 ms)",
        elapsed >= Duration::from_millis(10),
        "at least 10 ms later",
        format!("{} us later", elapsed.as_micros()),
    );
}

fn main() {
    print!("Content-Type: text/plain; charset=utf-8\n\n");
    let mut r = Report::default();
    check_args(&mut r);
    check_environ(&mut r);
    check_clocks(&mut r);
    check_random(&mut r);
    check_stdin(&mut r);
    check_output(&mut r);
    check_fdstat(&mut r);
    check_no_files(&mut r);
    check_scheduling(&mut r);
    println!("{} passed, {} failed", r.passed, r.failed);
    process::exit(0);
}
