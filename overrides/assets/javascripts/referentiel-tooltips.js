/*
 * Tooltips: text, never markup; reachable by keyboard and touch; dismissed by Escape.
 *
 * Material for MkDocs (content.tooltips) builds each tooltip from a `title` attribute by
 * assigning it to the tooltip's innerHTML: glossary links and abbreviations, truncated
 * navigation and header titles (their `title` is their text), buttons. A title is text, so
 * "<img src=x onerror=…>" in a glossary definition or a page title would run. Loaded before
 * Material's bundle (overrides/main.html), this makes an innerHTML assignment to a
 * tooltip's inner element insert the same string as text. Relies on Material's class
 * names (md-tooltip__inner, md-tooltip2__inner), pinned; the browser tests check it.
 *
 * Material opens a tooltip while its element is hovered or has the focus, and keeps it open
 * while the tooltip itself is hovered (WCAG 1.4.13: hoverable, persistent), once
 * overrides/assets/stylesheets/referentiel.css lets the pointer reach it. Two things are added here:
 * - an abbreviation (`abbr[title]`: the glossary's later occurrences, referentiel/linking.py,
 *   and any written by hand) cannot take the focus, so its tooltip opened on hover only: each
 *   is given `tabindex="0"`, so Tab reaches it and a tap focuses it, which opens the tooltip;
 * - Escape hides the open tooltips without moving the focus or the pointer (dismissible); a
 *   hidden tooltip stays hidden until its element is left, then opens again as usual.
 */
(function () {
  "use strict"
  var TOOLTIP = ".md-tooltip__inner, .md-tooltip2__inner"
  var property = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML")
  Object.defineProperty(Element.prototype, "innerHTML", {
    configurable: true,
    enumerable: property.enumerable,
    get: property.get,
    set: function (value) {
      if (!this.matches(TOOLTIP)) {
        property.set.call(this, value)
        return
      }
      var text = String(value)
      var current = property.get.call(this)
      // Material appends (`inner.innerHTML += title`): keep what is there, add the new text
      if (current && text.indexOf(current) === 0) this.append(text.slice(current.length))
      else this.textContent = text
    }
  })

  document.querySelectorAll("abbr[title]").forEach(function (abbreviation) {
    if (!abbreviation.hasAttribute("tabindex")) abbreviation.setAttribute("tabindex", "0")
  })

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return
    document.querySelectorAll(".md-tooltip2--active").forEach(function (tooltip) {
      tooltip.classList.add("rf-tooltip--dismissed")
      var host = tooltip.id && document.querySelector('[aria-describedby="' + tooltip.id + '"]')
      if (!host) return
      var reset = function () {
        tooltip.classList.remove("rf-tooltip--dismissed")
        host.removeEventListener("mouseleave", reset)
        host.removeEventListener("blur", reset)
      }
      host.addEventListener("mouseleave", reset)
      host.addEventListener("blur", reset)
    })
  })
})()
