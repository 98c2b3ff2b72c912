/*
 * Tooltips show text, never markup.
 *
 * Material for MkDocs (content.tooltips) builds each tooltip from a `title` attribute by
 * assigning it to the tooltip's innerHTML: glossary links and abbreviations, truncated
 * navigation and header titles (their `title` is their text), buttons. A title is text, so
 * "<img src=x onerror=…>" in a glossary definition or a page title would run. Loaded before
 * Material's bundle (overrides/main.html), this makes an innerHTML assignment to a
 * tooltip's inner element insert the same string as text. Relies on Material's class
 * names (md-tooltip__inner, md-tooltip2__inner), pinned; the browser tests check it.
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
})()
