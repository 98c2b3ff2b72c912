/* Filters of the lists the build renders (competencies, trainings, the matrix): progressive
   enhancement, see referentiel/filters.py. The page holds the whole list and, hidden, its form;
   this script shows the form and, when a value is chosen, hides the elements whose
   data-rf-<facet> attribute (a JSON array; for the entries of a matrix drawn as a list, the
   holder's data-rf-entries) lacks it, then what is left empty: matrix columns,
   rows without a requirement in a shown column, items without a shown entry, groups without a
   shown item. A status line (a live region, printed with the page) says how many are shown and
   by which filters. Only the hidden attribute and that line's textContent change. */
(function () {
  "use strict"

  function parsed(text, fallback) {
    try {
      return JSON.parse(text) ?? fallback
    } catch (error) {
      return fallback
    }
  }

  function show(node, shown) {
    node.hidden = !shown
    return shown
  }

  function setUp(form) {
    const list = document.getElementById(form.dataset.rfFor)
    if (!list) return
    const selects = [...form.querySelectorAll("select")]
    const status = form.querySelector("[role=status]")
    const counts = parsed(form.dataset.rfCounts, [])
    // the values of the entries (a matrix drawn as a list), written once for each role
    const entries = new Map(Object.entries(parsed(list.dataset.rfEntries, {})))

    /* Whether an element keeps every chosen value it is filtered by (a facet it lacks filters nothing). */
    function kept(node, chosen) {
      const own = node.hasAttribute("data-rf-entry") ? entries.get(node.dataset.rfEntry) || {} : null
      return chosen.every(({ name, value }) => {
        const values = own ? own[name] : parsed(node.getAttribute(`data-rf-${name}`), undefined)
        return !Array.isArray(values) || values.includes(value)
      })
    }
    // each cell of a matrix table follows its column's header
    const headerOf = new Map()
    for (const table of list.querySelectorAll("table")) {
      const headers = table.tHead ? [...table.tHead.rows[0].cells] : []
      for (const body of table.tBodies) {
        for (const row of body.rows) [...row.cells].forEach((cell, index) => headerOf.set(cell, headers[index]))
      }
    }
    const all = (part) => [...list.querySelectorAll(`[data-rf-${part}]`)]
    const items = all("item")
    // what decides whether an item is shown beside its own values: its requirements or entries
    const needs = new Map(items.map((item) => [item, [...item.querySelectorAll("[data-rf-required], [data-rf-entry]")]]))
    const groups = all("group").concat(list.matches("[data-rf-group]") ? [list] : [])

    /* How many distinct ids the elements of these parts have (only those shown, if asked). */
    function ids(parts, shownOnly) {
      const found = new Set()
      for (const part of parts) {
        for (const node of all(part)) {
          if (!shownOnly || !node.closest("[hidden]")) found.add(node.getAttribute(`data-rf-${part}`))
        }
      }
      return found.size
    }
    const totals = counts.map((count) => ids(count.parts, false))

    function apply() {
      const active = selects.filter((select) => select.value)
      const chosen = active.map((select) => ({ name: select.name, value: JSON.parse(select.value) }))
      for (const header of all("column")) show(header, kept(header, chosen))
      for (const [cell, header] of headerOf) if (header) show(cell, !header.hidden)
      for (const entry of all("entry")) show(entry, kept(entry, chosen))
      const filled = new Set()
      for (const item of items) {
        const required = needs.get(item)
        const shown = kept(item, chosen) && (!required.length || required.some((node) => !node.hidden))
        if (show(item, shown)) filled.add(item.parentElement.closest("[data-rf-group]"))
      }
      for (const group of groups) show(group, !chosen.length || (kept(group, chosen) && filled.has(group)))
      const shown = counts.map((count, index) => {
        const number = ids(count.parts, true)
        return `${number} ${number > 1 ? count.many : count.one} sur ${totals[index]}`
      })
      const filters = active.map((select) => `${select.labels[0].textContent}\u00a0: ${select.selectedOptions[0].textContent}`)
      status.textContent = `Affichage\u00a0: ${shown.join(", ")}${filters.length ? ` (${filters.join("\u202f; ")})` : ""}.`
    }

    form.addEventListener("change", apply)
    form.addEventListener("submit", (event) => event.preventDefault())
    form.hidden = false
    apply()
  }

  document.querySelectorAll("form.rf-filters").forEach(setUp)
})()
