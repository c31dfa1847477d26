// A tiny DOM builder: h('button', {type: 'button', 'data-testid': 'start', onclick}, 'Mulai').
const BOOLEAN_PROPS = new Set(['disabled', 'required', 'checked', 'selected', 'multiple', 'hidden', 'readOnly', 'open']);

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false && !BOOLEAN_PROPS.has(name)) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (BOOLEAN_PROPS.has(name)) {
      el[name] = !!value;
    } else if (name === 'value') {
      el.value = value;
    } else if (name === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of `el`. */
export function render(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** `<select>` options from [{value, label}], with `selected` (a value or an array of values). */
export function options(items, selected, { placeholder } = {}) {
  const chosen = new Set([selected].flat().filter((v) => v !== undefined && v !== null).map(String));
  const list = items.map(({ value, label }) => h('option', { value, selected: chosen.has(String(value)) }, label));
  return placeholder !== undefined ? [h('option', { value: '' }, placeholder), ...list] : list;
}

/** Trimmed string value of the form control `name` ('' when absent). */
export function fieldValue(form, name) {
  const el = form.elements.namedItem(name);
  return el && 'value' in el ? String(el.value).trim() : '';
}

/** Selected values of a `<select multiple name=…>`. */
export function selectedValues(form, name) {
  const el = form.elements.namedItem(name);
  return el?.selectedOptions ? [...el.selectedOptions].map((o) => o.value).filter(Boolean) : [];
}

/** A labelled form field: h('label', …, text, control). */
export function field(text, control, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, text), control,
    hint ? h('small', { class: 'hint' }, hint) : null);
}
