// ab-test: A/B testing with a sticky cookie and weighted assignment.
//
// A visitor whose cookie ab_variant is A or B keeps that variant. A new visitor is assigned B
// with the probability of config weight-b (a percentage, default 50), from host randomness, and
// gets the cookie for 30 days. The answer is JSON {"variant": "A"|"B", "new": true|false} with
// the header x-ab-variant, so a CDN or origin behind it can tell the variants apart.

import { config, randomBytes, request, response } from "../sdk/edge";

const COOKIE = "ab_variant";
const THIRTY_DAYS = "2592000";

/** The variant in the Cookie header, or null. */
function cookieVariant(): string | null {
  const cookies = request.header("cookie");
  if (cookies === null) return null;
  const pairs = cookies.split(";");
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i].trim();
    if (pair == COOKIE + "=A") return "A";
    if (pair == COOKIE + "=B") return "B";
  }
  return null;
}

function weightOfB(): i32 {
  const configured = config("weight-b");
  if (configured === null) return 50;
  const weight = I32.parseInt(configured);
  return weight >= 0 && weight <= 100 ? weight : 50;
}

export function handle(): void {
  const kept = cookieVariant();
  const isNew = kept === null;
  let variant: string;
  if (kept !== null) {
    variant = kept;
  } else {
    const random = randomBytes(2);
    const roll = ((<i32>random[0] << 8) | <i32>random[1]) % 100;
    variant = roll < weightOfB() ? "B" : "A";
    response.addHeader("set-cookie", COOKIE + "=" + variant + "; Path=/; Max-Age=" + THIRTY_DAYS + "; HttpOnly; SameSite=Lax");
  }
  response.setHeader("x-ab-variant", variant);
  response.setHeader("cache-control", "private, no-store");
  response.send(200, "application/json", "{\"variant\":\"" + variant + "\",\"new\":" + (isNew ? "true" : "false") + "}\n");
}
