// A bundle must be one file: importing another module fails at load.
import { helper } from './helper.js';
export default { fetch: () => new Response(helper()) };
