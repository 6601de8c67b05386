// Embedding a widget from this site in another page. Two ways, both sized to fit:
//
//   <iframe src="https://SITE/embed/hash-ring/?keys=400" style="width:100%;border:0"></iframe>
//   <script src="https://SITE/embed.js" async></script>
//
// or, with the same script, the custom element:
//
//   <system-design-widget name="hash-ring" query="keys=400"></system-design-widget>
//
// The embedded page posts its height ({source: "system-design-widget", height}) whenever
// it changes; this script sets the height of the iframe that sent it. Nothing else is
// read or sent.
(function () {
  "use strict";
  if (window.__systemDesignWidgets) return;
  window.__systemDesignWidgets = true;
  var script = document.currentScript;
  var siteRoot = script ? script.src.replace(/embed\.js(\?.*)?$/, "") : "";

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.source !== "system-design-widget" || typeof data.height !== "number") return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.max(120, Math.min(data.height, 4000)) + "px";
      }
    }
  });

  if (!window.customElements || customElements.get("system-design-widget")) return;
  customElements.define(
    "system-design-widget",
    class extends HTMLElement {
      connectedCallback() {
        if (this.firstChild) return;
        var name = (this.getAttribute("name") || "").replace(/[^a-z0-9-]/g, "");
        var query = this.getAttribute("query") || "";
        var frame = document.createElement("iframe");
        frame.src = siteRoot + "embed/" + name + "/" + (query ? "?" + query.replace(/^\?/, "") : "");
        frame.title = this.getAttribute("title") || name + " widget";
        frame.loading = "lazy";
        frame.style.width = "100%";
        frame.style.border = "0";
        frame.style.height = "640px";
        this.appendChild(frame);
      }
    }
  );
})();
