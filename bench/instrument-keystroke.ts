/**
 * How long one keystroke costs in a 300-question instrument: the whole form (relevance,
 * calculations, constraints, required) is re-evaluated with the shared engine, as the browser
 * does on every change. Target: under 16 ms (one frame). Prints numbers; never fails a build.
 *
 *   npm run bench:keystroke
 */
import { performance } from 'node:perf_hooks';
import { definition as definitionSchema, type Item } from '../common/instruments/definition';
import { evaluateForm } from '../common/instruments/form-state';
import { scoreForm } from '../common/instruments/scoring';
import { validateDefinition } from '../common/instruments/validate-definition';

const SECTIONS = 30;
const PER_SECTION = 10;

function buildInstrument() {
  const items: Item[] = [];
  for (let s = 0; s < SECTIONS; s++) {
    const questions: Item[] = [];
    for (let q = 0; q < PER_SECTION; q++) {
      const n = s * PER_SECTION + q;
      const previous = n > 0 ? `q${n - 1}` : null;
      if (q % 3 === 0) {
        questions.push({ kind: 'question', type: 'select_one', name: `q${n}`, listName: 'scale', label: { ka: `კითხვა ${n}`, en: `Question ${n}` }, required: true, ...(previous ? { relevant: `\${${previous}} != '4' or string-length(\${${previous}}) = 0` } : {}) });
      } else if (q % 3 === 1) {
        questions.push({ kind: 'question', type: 'integer', name: `q${n}`, label: { ka: `რიცხვი ${n}`, en: `Number ${n}` }, constraint: `. >= 0 and . <= 120 and (${previous ? `\${${previous}}` : '0'} != 99)`, constraintMessage: { en: '0–120' } });
      } else {
        questions.push({ kind: 'question', type: 'text', name: `q${n}`, label: { ka: `ტექსტი ${n}`, en: `Text ${n}` }, relevant: `selected(\${q${n - 2}}, '1') or \${q${n - 1}} > 10`, constraint: "regex(., '^[^<>]*$')" });
      }
    }
    items.push({ kind: 'group', name: `section_${s}`, label: { ka: `სექცია ${s}`, en: `Section ${s}` }, items: questions });
  }
  items.push({ kind: 'question', type: 'calculate', name: 'total', label: {}, calculation: Array.from({ length: 50 }, (_, i) => `coalesce(\${q${i * 6 + 1}}, 0)`).join(' + ') });
  return definitionSchema.parse({
    items,
    choiceLists: { scale: [1, 2, 3, 4].map((v) => ({ name: String(v), label: { en: String(v) }, score: v })) },
    scoring: { method: 'mean', bands: [] },
  });
}

const definition = buildInstrument();
const issues = validateDefinition(definition);
if (issues.length) throw new Error(`benchmark instrument is invalid: ${JSON.stringify(issues.slice(0, 3))}`);

const answers: Record<string, string> = {};
for (let n = 0; n < SECTIONS * PER_SECTION; n++) answers[`q${n}`] = n % 3 === 0 ? String((n % 4) + 1) : n % 3 === 1 ? String(n % 100) : `answer ${n}`;

const ITERATIONS = 500;
const timings: number[] = [];
for (let i = 0; i < 50; i++) evaluateForm(definition, answers); // warm-up
for (let i = 0; i < ITERATIONS; i++) {
  const name = `q${(i * 7) % (SECTIONS * PER_SECTION)}`;
  const typed = { ...answers, [name]: `${answers[name] ?? ''}${i % 10}` };
  const start = performance.now();
  const state = evaluateForm(definition, typed);
  scoreForm(definition, state);
  timings.push(performance.now() - start);
}
timings.sort((a, b) => a - b);
const pct = (p: number) => timings[Math.min(timings.length - 1, Math.floor((p / 100) * timings.length))]!.toFixed(2);
const mean = (timings.reduce((a, b) => a + b, 0) / timings.length).toFixed(2);
console.log(`instrument: ${SECTIONS * PER_SECTION} questions in ${SECTIONS} sections, ${ITERATIONS} keystrokes`);
console.log(`re-evaluate + score per keystroke: mean ${mean} ms, median ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms (target < 16 ms)`);
