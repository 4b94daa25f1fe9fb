// An exception thrown by the handler: no response, a script_error with the stack, logged at error level.
function lookup(map, key) {
  return map.get(key).value;
}

export default {
  fetch(request) {
    console.log('before the error');
    return lookup(new Map(), 'missing');
  },
};
