// A script that registers no fetch listener.
addEventListener('scheduled', () => {});
console.log('top level ran');
