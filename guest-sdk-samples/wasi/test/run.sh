#!/usr/bin/env bash
#
# Development tests of the WASI CGI programs: runs each committed NAME/NAME.wasm with the cases
# below through run-cgi.mjs (node's WASI, no preopened directories) and compares what it wrote
# and how it ended with the expected output. Exits 0 when every case passes, 1 otherwise, and
# 0 with "skipped:" when node 20 or later is not installed.
#
# In expected outputs a carriage return is shown as \r, so that CR LF line ends can be seen.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wasi="$(dirname "$here")"

if ! command -v node >/dev/null 2>&1; then
  echo "skipped: node not installed"
  exit 0
fi
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "skipped: node $(node --version) is older than 20, whose WASI the harness needs"
  exit 0
fi

passed=0
failed=0

run() { # PROGRAM HARNESS-OPTIONS...
  local program="$1"
  shift
  node "$here/run-cgi.mjs" "$wasi/$program/$program.wasm" "$@" | sed 's/\r/\\r/g'
}

# expect CASE PROGRAM HARNESS-OPTIONS... <<'EOF' (the expected output) EOF
expect() {
  local name="$1"
  shift
  local expected actual
  expected="$(cat)"
  actual="$(run "$@")"
  if [ "$actual" = "$expected" ]; then
    echo "ok $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    diff <(echo "$expected") <(echo "$actual") | sed 's/^/  /' || true
    failed=$((failed + 1))
  fi
}

# expect_lines CASE PROGRAM HARNESS-OPTIONS... <<'EOF' (lines, each an extended regular
# expression that some line of the output must match; a line starting with "! " is one that
# no line may match) EOF
expect_lines() {
  local name="$1"
  shift
  local actual pattern problems=""
  actual="$(run "$@")"
  while IFS= read -r pattern; do
    if [[ "$pattern" == "! "* ]]; then
      if grep -Eq -- "${pattern#! }" <<<"$actual"; then problems+="  unexpected: ${pattern#! }"$'\n'; fi
    elif ! grep -Eq -- "$pattern" <<<"$actual"; then
      problems+="  missing: $pattern"$'\n'
    fi
  done
  if [ -z "$problems" ]; then
    echo "ok $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    printf '%s' "$problems"
    echo "$actual" | sed 's/^/  | /'
    failed=$((failed + 1))
  fi
}

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# --- c-cgi ---

expect "c-cgi echoes the request as JSON" c-cgi --request POST '/c-cgi/items/7?x=1&y=%41+b' \
    --header 'User-Agent: curl/8.5' --header 'Content-Type: text/plain' --arg --verbose \
    --body $'héllo\n"quoted"\ttab' <<'EOF'
== stdout
Content-Type: application/json
Cache-Control: no-store

{"method":"POST","script_name":"/c-cgi","path_info":"/items/7","query":"x=1&y=%41+b","user_agent":"curl/8.5","content_type":"text/plain","content_length":"19","args":["c-cgi","--verbose"],"body_length":19,"body":"héllo\n\"quoted\"\ttab"}
== stderr
== exit 0
EOF

printf 'A\377\001B' >"$scratch/binary"
expect "c-cgi escapes a body that is not UTF-8" c-cgi --request PUT /c-cgi --stdin "$scratch/binary" <<'EOF'
== stdout
Content-Type: application/json
Cache-Control: no-store

{"method":"PUT","script_name":"/c-cgi","path_info":"","query":"","user_agent":null,"content_type":"","content_length":"4","args":["c-cgi"],"body_length":4,"body":"A\ufffd\u0001B"}
== stderr
== exit 0
EOF

expect "c-cgi ?status=404 prints a Status line" c-cgi --request GET '/c-cgi?status=404' <<'EOF'
== stdout
Status: 404 Not Found
Content-Type: application/json
Cache-Control: no-store

{"method":"GET","script_name":"/c-cgi","path_info":"","query":"status=404","user_agent":null,"content_type":"","content_length":"0","args":["c-cgi"],"body_length":0,"body":""}
== stderr
== exit 0
EOF

expect "c-cgi ?status=99 is refused with 400" c-cgi --request GET '/c-cgi?status=99' <<'EOF'
== stdout
Status: 400 Bad Request
Content-Type: text/plain

status must be a number from 100 to 599
== stderr
== exit 0
EOF

expect "c-cgi ?redirect=URL answers 302 with Location" c-cgi --request GET '/c-cgi?redirect=https%3A%2F%2Fexample.com%2Fnext' <<'EOF'
== stdout
Status: 302 Found
Location: https://example.com/next
Content-Type: text/plain

redirecting to https://example.com/next
== stderr
== exit 0
EOF

expect "c-cgi ?exit=3 writes a response and exits 3" c-cgi --request GET '/c-cgi?exit=3' <<'EOF'
== stdout
Content-Type: application/json
Cache-Control: no-store

{"method":"GET","script_name":"/c-cgi","path_info":"","query":"exit=3","user_agent":null,"content_type":"","content_length":"0","args":["c-cgi"],"body_length":0,"body":""}
== stderr
c-cgi: exiting with status 3 as asked
== exit 3
EOF

expect "c-cgi ?plain=1 prints no header block; ?stderr= logs a line" c-cgi --request GET '/c-cgi/page?plain=1&stderr=hello+from+the+log' <<'EOF'
== stdout
hello from c-cgi
GET /page
== stderr
hello from the log
== exit 0
EOF

# --- rust-cgi ---

expect "rust-cgi reports arguments, environment and body, with CR LF headers" rust-cgi \
    --request POST '/rust-cgi/report?status=201' --header 'X-Trace: abc' --arg first \
    --env greeting=hello --body $'line one\nline two\n' <<'EOF'
== stdout
Status: 201 Created\r
Content-Type: text/plain; charset=utf-8\r
X-Body-Bytes: 18\r
\r
rust-cgi: POST /rust-cgi/report

arguments:
  0: rust-cgi
  1: first

environment:
  CONTENT_LENGTH=18
  CONTENT_TYPE=
  GATEWAY_INTERFACE=CGI/1.1
  HTTP_HOST=localhost:8080
  HTTP_X_TRACE=abc
  PATH_INFO=/report
  QUERY_STRING=status=201
  REMOTE_ADDR=127.0.0.1
  REQUEST_METHOD=POST
  SCRIPT_NAME=/rust-cgi
  SERVER_NAME=localhost
  SERVER_PORT=8080
  SERVER_PROTOCOL=HTTP/1.1
  SERVER_SOFTWARE=run-cgi.mjs
  X_FULL_URL=http://localhost:8080/rust-cgi/report?status=201
  X_REQUEST_ID=req-0001
  greeting=hello

body: 18 bytes, 2 non-empty lines
line one
line two
== stderr
== exit 0
EOF

expect "rust-cgi ?status=abc is refused with 400" rust-cgi --request GET '/rust-cgi?status=abc' <<'EOF'
== stdout
Status: 400 Bad Request\r
Content-Type: text/plain\r
\r
status must be a number from 100 to 599
== stderr
== exit 0
EOF

expect "rust-cgi ?panic=1 traps after writing the panic to stderr" rust-cgi --request GET '/rust-cgi?panic=1' <<'EOF'
== stdout
== stderr
thread 'main' panicked at 'panic asked for by the query string', rust-cgi/main.rs:91:9
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
== trap unreachable
EOF

# --- sqlite-cgi ---

expect "sqlite-cgi runs the default query" sqlite-cgi --request GET /sqlite-cgi <<'EOF'
== stdout
Content-Type: application/json

{"results":[{"sql":"SELECT name, country, population FROM cities ORDER BY population DESC","columns":["name","country","population"],"rows":[["Tokyo","JP",37115000],["Delhi","IN",33807000],["São Paulo","BR",22619000],["Osaka","JP",19013000],["Lagos","NG",16637000],["Sydney","AU",5450000],["Berlin","DE",3878000]]}]}
== stderr
== exit 0
EOF

expect "sqlite-cgi runs ?q= statements in order" sqlite-cgi --request GET \
    '/sqlite-cgi?q=SELECT+c.name,+k.continent,+c.lat+FROM+cities+c+JOIN+countries+k+ON+k.code%3Dc.country+WHERE+c.lat+%3C+0+ORDER+BY+1;+SELECT+count(*)+AS+n+FROM+countries' <<'EOF'
== stdout
Content-Type: application/json

{"results":[{"sql":"SELECT c.name, k.continent, c.lat FROM cities c JOIN countries k ON k.code=c.country WHERE c.lat < 0 ORDER BY 1;","columns":["name","continent","lat"],"rows":[["Sydney","Oceania",-33.8688],["São Paulo","South America",-23.5505]]},{"sql":"SELECT count(*) AS n FROM countries","columns":["n"],"rows":[[6]]}]}
== stderr
== exit 0
EOF

expect "sqlite-cgi runs a POST body, with writes and every value type" sqlite-cgi --request POST /sqlite-cgi \
    --body "INSERT INTO cities VALUES ('Cairo','EG',22183000,30.0444,31.2357); SELECT count(*), x'00ff', NULL, 1e999, 0.5, CAST(x'ff41' AS TEXT) FROM cities" <<'EOF'
== stdout
Content-Type: application/json

{"results":[{"sql":"INSERT INTO cities VALUES ('Cairo','EG',22183000,30.0444,31.2357);","changes":1},{"sql":"SELECT count(*), x'00ff', NULL, 1e999, 0.5, CAST(x'ff41' AS TEXT) FROM cities","columns":["count(*)","x'00ff'","NULL","1e999","0.5","CAST(x'ff41' AS TEXT)"],"rows":[[8,{"blob":"00ff"},null,null,0.5,"\ufffdA"]]}]}
== stderr
== exit 0
EOF

expect "sqlite-cgi answers 400 for SQL that does not compile" sqlite-cgi --request GET '/sqlite-cgi?q=SELEC+1' <<'EOF'
== stdout
Status: 400 Bad Request
Content-Type: application/json

{"error":"near \"SELEC\": syntax error","sql":"SELEC 1"}
== stderr
== exit 0
EOF

expect "sqlite-cgi answers 400 for a statement that fails" sqlite-cgi --request GET \
    "/sqlite-cgi?q=SELECT+1;+INSERT+INTO+countries+VALUES+('JP','Japan','Asia')" <<'EOF'
== stdout
Status: 400 Bad Request
Content-Type: application/json

{"error":"UNIQUE constraint failed: countries.code","sql":"INSERT INTO countries VALUES ('JP','Japan','Asia')"}
== stderr
== exit 0
EOF

# SQLite's depth limit answers before the recursion could reach the end of the stack.
expect_lines "sqlite-cgi refuses an expression nested deeper than 1000" sqlite-cgi --request POST /sqlite-cgi \
    --body "SELECT $(printf '1+%.0s' $(seq 1100))1" <<'EOF'
^Status: 400 Bad Request$
^\{"error":"Expression tree is too large \(maximum depth 1000\)","sql":"SELECT 1\+1\+
^== exit 0$
EOF

expect_lines "sqlite-cgi stops at 1000 rows" sqlite-cgi --request GET \
    '/sqlite-cgi?q=WITH+RECURSIVE+c(x)+AS+(SELECT+1+UNION+ALL+SELECT+x%2B1+FROM+c)+SELECT+x+FROM+c' <<'EOF'
^Content-Type: application/json$
,\[999\],\[1000\]\],"truncated":true\}\]\}$
! \[1001\]
^== exit 0$
EOF

# Some 5 MB in memvfs files: the database, its rollback journal, and the copy VACUUM makes.
expect_lines "sqlite-cgi keeps megabytes in memvfs and rolls back through its journal" sqlite-cgi --request POST /sqlite-cgi \
    --body "CREATE TABLE t(b); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<5000) INSERT INTO t SELECT randomblob(1000) FROM c; BEGIN; DELETE FROM t; DELETE FROM cities; ROLLBACK; SELECT count(*), sum(length(b)) FROM t; SELECT count(*) FROM cities; VACUUM; PRAGMA integrity_check; SELECT count(DISTINCT b) FROM t" <<'EOF'
"changes":5000
"rows":\[\[5000,5000000\]\]
"sql":"SELECT count\(\*\) FROM cities;","columns":\["count\(\*\)"\],"rows":\[\[7\]\]
"rows":\[\["ok"\]\]
"sql":"SELECT count\(DISTINCT b\) FROM t","columns":\["count\(DISTINCT b\)"\],"rows":\[\[5000\]\]
^== exit 0$
EOF

# --- wasi-check-c and wasi-check-rust ---

for program in wasi-check-c wasi-check-rust; do
  expect_lines "$program passes every check in a CGI request" "$program" --request POST "/$program" --body 'twelve bytes' <<'EOF'
^Content-Type: text/plain; charset=utf-8$
^ok .*argv\[0\]=wasi-check-
^ok (fd_read\(0\) to end success, |stdin read_to_end )12 bytes$
^ok poll_oneoff\(clock 10 ms\) success, 1 event
^ok fd_prestat_get\(3\) badf$
^ok path_open\(3, "etc/passwd"\) badf$
^ok (fopen\("/etc/passwd", "r"\)|File::open\("/etc/passwd"\)) fails
^ok (opendir|read_dir)\("\."\) fails
^ok sched_yield success$
^[0-9]+ passed, 0 failed$
^wasi-check-.*fd_write\(2\)|std::io::stderr$
! ^FAIL
^== exit 0$
EOF

  # Without the CGI meta-variables the environment checks must fail, and say so.
  expect_lines "$program reports what is missing outside a CGI request" "$program" <<'EOF'
^FAIL environ_sizes_get expected success and (at least 1 variable|as many variables \(at least 1\) as env::vars_os) got success, 0 variable\(s\), 0 bytes$
^FAIL (getenv|env::var)\(REQUEST_METHOD\) expected a method got
^FAIL (getenv|env::var)\(GATEWAY_INTERFACE\) expected CGI/1.1 got
^[0-9]+ passed, 3 failed$
^== exit 0$
EOF
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
