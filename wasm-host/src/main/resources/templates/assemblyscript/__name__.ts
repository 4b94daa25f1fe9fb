// ${name}: an edge function in AssemblyScript. Answers JSON with a greeting (the configuration
// entry "greeting", default "Hello") and the path it was asked for, and logs each request.
//
// Build: ./build.sh        Serve while editing: edge-host dev ${name}.wasm        Test: mvn test
// The SDK is in sdk/: edge.ts (docs/sdk/assemblyscript.md in edge-host).

import { config, log, Level, request, response } from "./sdk/edge";

/** Text as the inside of a JSON string. */
function jsonEscape(text: string): string {
  let escaped = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c == 0x22 || c == 0x5c) {
      escaped += "\\" + String.fromCharCode(c);
    } else if (c < 0x20) {
      escaped += "\\u00" + (c < 0x10 ? "0" : "") + c.toString(16);
    } else {
      escaped += String.fromCharCode(c);
    }
  }
  return escaped;
}

export function handle(): void {
  const configured = config("greeting");
  const greeting = configured !== null ? configured : "Hello";
  const path = request.path();
  log(Level.Info, "${name}: " + request.method() + " " + path);
  response.send(200, "application/json",
    "{\"greeting\":\"" + jsonEscape(greeting) + " from ${name}\",\"path\":\"" + jsonEscape(path) + "\"}");
}
