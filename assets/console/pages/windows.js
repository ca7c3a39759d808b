// 窗口: the hall's windows (number, name, department); the bureau adds, edits or deletes one (not while it is on the
// schedule) and uploads the hall's list as `hqd import-hall` reads it.
import { t } from '../i18n.js';
import { departmentField, rowsPage, textField } from '../rows_page.js';

export default rowsPage({
  id: 'windows',
  title: 'console.nav.windows',
  table: 'windows',
  bureauOnly: true,
  heading: ['console.windows.col.number', 'console.windows.col.name', 'console.cases.col.department'],
  cells: (w, { depts }) => [w.number, w.name, (depts.find((d) => d.id === w.department_id) || { name: w.department_id }).name],
  name: (w) => `${w.number} ${w.name}`,
  words: { add: 'console.windows.add', edit_title: 'console.windows.edit_title', saved: 'console.windows.saved',
    deleted: 'console.windows.deleted', empty: 'console.windows.empty' },
  fields: (w, ctx) => [
    textField('number', t('console.windows.col.number'), w, { max: 8, required: true, hint: t('console.windows.number_hint') }),
    textField('name', t('console.windows.col.name'), w, { max: 40, required: true }),
    departmentField(w, ctx),
  ],
  upload: { title: 'console.windows.upload_title', hint: 'console.windows.upload_hint',
    target: () => '/v1/console/windows/import' },
});
