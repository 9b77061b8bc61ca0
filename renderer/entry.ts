// The page's entry (index.html). The stylesheets come with it, linked in <head>, so the first paint
// (renderer/firstPaint.css) is styled before anything else has loaded. React, antd and the screens
// (main.tsx) are fetched (all their files at once, by this import) and run only once the client list's
// first page is drawn, or firstScreen.ts has decided not to draw it: fetching and compiling them takes the
// CPU the first frame needs on a two-core machine, and their evaluation is one long task that would hold
// that frame back behind it (electron.vite.config.ts, README "Benchmark").
import './styles.css';
import './firstPaint.css';
import { firstPaintSettled } from './firstScreen';

void firstPaintSettled.then(() => import('./main'));
