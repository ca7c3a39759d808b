// 事项清单: a department's service items (what the kiosk's 事项 lists) with their type, audience, channel and
// contact; one added or edited in a dialog, deleted from it; the department's list uploaded as the CLI imports it.
import { query } from '../api.js';
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { choiceField, departmentField, rowsPage, textField } from '../rows_page.js';

const TYPES = [['one_thing', 'console.items.type.one_thing'], ['integrated', 'console.items.type.integrated'],
  ['cross_region', 'console.items.type.cross_region'], ['high_frequency', 'console.items.type.high_frequency'],
  ['other', 'console.items.type.other']];
const TYPE_WORDS = Object.fromEntries(TYPES);

export default rowsPage({
  id: 'items',
  title: 'console.nav.items',
  table: 'items',
  heading: ['console.items.col.name', 'console.items.col.type', 'console.cases.col.department', 'console.items.col.audience',
    'console.items.col.mode', 'console.items.col.channel', 'console.items.col.section', 'console.items.col.contact'],
  cells: (i, { depts }) => [i.name, TYPE_WORDS[i.type] ? t(TYPE_WORDS[i.type]) : i.type,
    el('td', { class: 'nowrap' }, (depts.find((d) => d.id === i.department_id) || { name: i.department_id }).name),
    el('td', { class: 'nowrap' }, i.audience), el('td', { class: 'nowrap' }, i.mode), i.channel, i.section,
    el('td', { class: 'nowrap' }, i.contact)],
  name: (i) => i.name,
  words: { add: 'console.items.add', edit_title: 'console.items.edit_title', saved: 'console.items.saved',
    deleted: 'console.items.deleted', empty: 'console.items.empty' },
  fields: (i, ctx) => [
    textField('name', t('console.items.col.name'), i, { max: 100, required: true }),
    choiceField('type', t('console.items.col.type'), i, TYPES),
    departmentField(i, ctx),
    textField('audience', t('console.items.col.audience'), i),
    textField('mode', t('console.items.col.mode'), i),
    textField('channel', t('console.items.col.channel'), i),
    textField('section', t('console.items.col.section'), i),
    textField('contact', t('console.items.col.contact'), i),
    textField('note', t('console.items.col.note'), i, { max: 200 }),
  ],
  upload: { title: 'console.items.upload_title', hint: 'console.items.upload_hint', needsDepartment: true,
    target: (department) => `/v1/console/items/import${query({ department })}` },
});
