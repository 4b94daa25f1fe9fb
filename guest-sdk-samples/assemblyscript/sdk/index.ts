// The SDK as a package: `import { request, response } from "edge-host-sdk"` resolves here.
export * from "./edge";
