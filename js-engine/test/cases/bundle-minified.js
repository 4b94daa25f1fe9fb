// A minified one-line bundle: the export is in the middle of the line.
var s={fetch(e){return new Response(`minified ${e.method}`)}};export{s as default};
