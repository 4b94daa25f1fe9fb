// bot-filter: refuses bots by user agent, and serves a page shaped by feature flags in KV.
//
// A request whose user-agent is missing or contains one of the words of config blocked-agents
// (comma-separated, case-insensitive; default "bot,crawler,spider,scrapy,python-requests,curl")
// gets 403, unless it also contains a word of config allowed-agents. Otherwise, below the
// function's own path segment:
// - GET /flags lists every flag as JSON {"name": true|false, ...}, from the keys "flag:NAME";
// - PUT /flags/NAME with body on or off sets a flag, DELETE /flags/NAME removes it (204, or 404
//   when there was none); both need the header x-admin-key equal to config admin-key;
// - anything else is the page: "checkout: new" when the flag new-checkout is on, else
//   "checkout: classic".

import { Level, config, kv, lastError, log, request, response } from "../sdk/edge";

const FLAG = "flag:";
const DEFAULT_BLOCKED = "bot,crawler,spider,scrapy,python-requests,curl";

function containsAny(agent: string, words: string | null): bool {
  if (words === null) return false;
  const list = words.split(",");
  for (let i = 0; i < list.length; i++) {
    const word = list[i].trim().toLowerCase();
    if (word.length > 0 && agent.includes(word)) return true;
  }
  return false;
}

function isBot(): bool {
  const agent = request.header("user-agent");
  if (agent === null || agent.trim().length == 0) return true;
  const lower = agent.toLowerCase();
  const blocked = config("blocked-agents");
  return containsAny(lower, blocked !== null ? blocked : DEFAULT_BLOCKED) && !containsAny(lower, config("allowed-agents"));
}

/** The path below the function's own segment. */
function route(): string {
  const path = request.path();
  const second = path.indexOf("/", 1);
  return second < 0 ? "/" : path.substring(second);
}

function isAdmin(): bool {
  const key = config("admin-key");
  const given = request.header("x-admin-key");
  return key !== null && key.length > 0 && given !== null && given == key;
}

function listFlags(): void {
  const keys = kv.list(FLAG);
  let json = "{";
  for (let i = 0; i < keys.length; i++) {
    const value = kv.get(keys[i]);
    if (i > 0) json += ",";
    json += "\"" + keys[i].substring(FLAG.length) + "\":" + (value !== null && value == "on" ? "true" : "false");
  }
  response.send(200, "application/json", json + "}\n");
}

function changeFlag(method: string, name: string): void {
  if (!isAdmin()) {
    response.send(401, "text/plain", "x-admin-key required\n");
    return;
  }
  if (name.length == 0 || name.includes("/")) {
    response.send(400, "text/plain", "bad flag name\n");
    return;
  }
  if (method == "DELETE") {
    response.setStatus(kv.remove(FLAG + name) ? 204 : 404);
    return;
  }
  const state = request.bodyText().trim();
  if (state != "on" && state != "off") {
    response.send(400, "text/plain", "the body must be on or off\n");
    return;
  }
  if (kv.set(FLAG + name, state) < 0) {
    log(Level.Error, "bot-filter: storing flag " + name + " failed with " + lastError().toString());
    response.send(503, "text/plain", "flags unavailable\n");
    return;
  }
  response.send(200, "text/plain", name + " " + state + "\n");
}

export function handle(): void {
  if (isBot()) {
    response.send(403, "text/plain", "bots are not allowed here\n");
    return;
  }
  const path = route();
  const method = request.method();
  if (path == "/flags" && method == "GET") {
    listFlags();
  } else if (path.startsWith("/flags/") && (method == "PUT" || method == "DELETE")) {
    changeFlag(method, path.substring("/flags/".length));
  } else {
    const flag = kv.get(FLAG + "new-checkout");
    response.send(200, "text/plain", "checkout: " + (flag !== null && flag == "on" ? "new" : "classic") + "\n");
  }
}
