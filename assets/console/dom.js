// Building the console's DOM: elements from tag, properties and children. Text always goes in as text
// (never as HTML), so whatever a citizen or a user typed is shown, not run.

// el('button', {class: 'primary', onclick: f}, t('console.save')) → <button class="primary">保存</button>
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'selected') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// Empties `node` and puts `children` in it.
export function fill(node, ...children) {
  node.replaceChildren();
  for (const child of children.flat(Infinity))
    if (child !== null && child !== undefined && child !== false)
      node.append(child instanceof Node ? child : String(child));
  return node;
}

// A moment HQ stamped (ISO 8601 UTC) as the hall's clock shows it: "2026-11-27 10:20".
export function hallTime(iso, offsetMinutes) {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + offsetMinutes * 60000).toISOString().slice(0, 16).replace('T', ' ');
}
