// Loaded between require.js and the widget manager (nb_ipywidgets_js in _config.yml), on pages
// that carry saved widget state. The manager's AMD modules load their fonts and icons from the
// folder of their own module path; by default that is <page folder>/@jupyter-widgets/..., which
// does not exist (404). Map every module the bundle defines into the copy this site serves
// (_static/html-manager/dist/), so their folder is the one that holds the fonts.
(function () {
  var dist = (document.documentElement.dataset.content_root || "./") + "_static/html-manager/dist";
  window.require.config({
    paths: {
      "@jupyter-widgets/base": dist + "/base",
      "@jupyter-widgets/controls": dist + "/controls",
      "@jupyter-widgets/html-manager": dist + "/html-manager",
      "@jupyter-widgets/html-manager/dist": dist,
    },
  });
})();
