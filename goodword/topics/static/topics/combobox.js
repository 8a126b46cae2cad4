/* Goodword topic suggestions: keyboard and mouse selection for the htmx-loaded listbox.
   Markup: <input data-topic-combobox aria-controls="LIST-ID" [data-multiple]> and a container
   into which /topics/suggest/ swaps <ul id="LIST-ID" role="listbox">. Without JavaScript the
   field is a plain comma-separated text input. */
(function () {
  "use strict";

  function listboxFor(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }

  function options(input) {
    var box = listboxFor(input);
    return box ? Array.prototype.slice.call(box.querySelectorAll('[role="option"]')) : [];
  }

  function close(input) {
    var box = listboxFor(input);
    if (box) box.remove();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(input, index) {
    var opts = options(input);
    if (!opts.length) return;
    index = (index + opts.length) % opts.length;
    opts.forEach(function (opt, i) {
      opt.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", opts[index].id);
    opts[index].scrollIntoView({ block: "nearest" });
  }

  function activeIndex(input) {
    var id = input.getAttribute("aria-activedescendant");
    return options(input).findIndex(function (opt) { return opt.id === id; });
  }

  function pick(input, value) {
    if (input.hasAttribute("data-multiple")) {
      var parts = input.value.split(",");
      parts[parts.length - 1] = value;
      input.value = parts.map(function (p) { return p.trim(); }).filter(Boolean).join(", ") + ", ";
    } else {
      input.value = value;
    }
    close(input);
    input.focus();
    // Lets a surrounding form react, e.g. the directory's live filter (hx-trigger="topic-picked").
    input.dispatchEvent(new CustomEvent("topic-picked", { bubbles: true }));
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-topic-combobox]")) return;
    var current = activeIndex(input);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options(input).length) return;
      event.preventDefault();
      highlight(input, current + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      pick(input, options(input)[current].dataset.value);
    } else if (event.key === "Escape") {
      close(input);
    }
  });

  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest('[role="option"][data-value]');
    if (!option) return;
    var input = document.querySelector('[data-topic-combobox][aria-controls="' + option.parentElement.id + '"]');
    if (!input) return;
    event.preventDefault();  // keep focus in the input
    pick(input, option.dataset.value);
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    document.querySelectorAll("[data-topic-combobox]").forEach(function (input) {
      var box = listboxFor(input);
      if (!box) {
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
      } else if (event.detail.target.contains(box)) {
        // Only a fresh list resets the highlight; other swaps on the page leave it alone.
        input.setAttribute("aria-expanded", "true");
        input.removeAttribute("aria-activedescendant");
      }
    });
  });

  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-topic-combobox]")) return;
    setTimeout(function () { if (document.activeElement !== input) close(input); }, 150);
  });
})();
