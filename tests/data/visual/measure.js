/* Measures a page as a reader's browser lays it out, for tests/visual.py.
 *
 * Loaded only into the pictures' test builds. It changes nothing visible: the
 * figures go into a data attribute of <html>, which Chromium's --dump-dom prints.
 */
(function () {
  "use strict";
  const COMPONENTS = [
    ".bpfnews-highlight", ".bpfnews-talk", ".bpfnews-series", ".bpfnews-issue-header",
    ".bpfnews-badge", ".bpfnews-archive-entry", ".bpfnews-index-group", ".bpfnews-recent",
  ];
  // The lines whose look the extension decides (not the theme's code spans).
  const OWN_TEXT = [
    ".bpfnews-series-header", ".bpfnews-patch-line", ".bpfnews-talk-header",
    ".bpfnews-talk-meta", ".bpfnews-highlight-title", ".bpfnews-issue-header",
    ".bpfnews-archive-meta", ".bpfnews-archive-title", ".bpfnews-index-group li",
  ].join(", ");

  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const context = canvas.getContext("2d", { willReadFrequently: true });

  /** Any CSS colour (rgb(), color(srgb ...), color-mix results) as [r, g, b, a]. */
  function rgba(css) {
    context.clearRect(0, 0, 1, 1);
    context.fillStyle = "rgba(0, 0, 0, 0)";
    context.fillStyle = css;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  }

  function over(top, bottom, alpha) {
    return [0, 1, 2].map((i) => top[i] * alpha + bottom[i] * (1 - alpha));
  }

  /** The colour behind an element: every ancestor's background, composited. */
  function background(element) {
    const chain = [];
    for (let node = element; node; node = node.parentElement) chain.unshift(node);
    let colour = [255, 255, 255];
    for (const node of chain) {
      const [r, g, b, a] = rgba(getComputedStyle(node).backgroundColor);
      colour = over([r, g, b], colour, a);
    }
    return colour;
  }

  function opacity(element) {
    let value = 1;
    for (let node = element; node; node = node.parentElement) {
      value *= parseFloat(getComputedStyle(node).opacity);
    }
    return value;
  }

  function luminance(colour) {
    const [r, g, b] = colour.map((c) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  function contrast(element) {
    const behind = background(element);
    const [r, g, b, a] = rgba(getComputedStyle(element).color);
    const text = over([r, g, b], behind, a * opacity(element));
    const [light, dark] = [luminance(text), luminance(behind)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  }

  function ownText(element) {
    return [...element.childNodes].some(
      (child) => child.nodeType === Node.TEXT_NODE && child.textContent.trim(),
    );
  }

  function describe(element) {
    return `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} ` +
      JSON.stringify(element.textContent.trim().slice(0, 40));
  }

  function measure() {
    const boxes = {};
    for (const selector of COMPONENTS) {
      boxes[selector] = [...document.querySelectorAll(selector)].map((element) => {
        const box = element.getBoundingClientRect();
        return {
          width: box.width, height: box.height, left: box.left, right: box.right,
          top: box.top + window.scrollY,
          patches: element.querySelectorAll(".bpfnews-patch").length,
        };
      });
    }
    const texts = [];
    for (const line of document.querySelectorAll(OWN_TEXT)) {
      for (const element of [line, ...line.querySelectorAll("*")]) {
        if (element.closest("code, pre") || !ownText(element)) continue;
        texts.push({ what: describe(element), contrast: contrast(element) });
      }
    }
    // What of the extension's sticks out past the right edge (a theme's own header
    // or sidebar is the theme's business), innermost culprits first.
    const overflowing = [...document.body.querySelectorAll('[class*="bpfnews-"], [class*="bpfnews-"] *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
      .filter((element) => getComputedStyle(element).visibility !== "hidden")
      .reverse()
      .slice(0, 5)
      .map(describe);
    const result = {
      viewport: window.innerWidth,
      overflowing: overflowing,
      scrollWidth: document.documentElement.scrollWidth,
      dark: window.matchMedia("(prefers-color-scheme: dark)").matches,
      background: background(document.body),
      boxes: boxes,
      texts: texts,
    };
    document.documentElement.setAttribute("data-bpfnews-measure", JSON.stringify(result));
  }

  window.addEventListener("load", measure);
})();
