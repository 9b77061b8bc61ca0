// The page's entry (index.html). The stylesheets come with it, linked in <head>, so the first paint
// (renderer/firstPaint.css) is styled before anything else has loaded. React, antd and the screens
// (main.tsx) are fetched at once (their files are preloaded from <head>, electron.vite.config.ts) but
// run only once the client list's first page is drawn, or firstScreen.ts has decided not to draw it: their
// evaluation is one long task that would otherwise hold the first frame back behind it.
import './styles.css';
import './firstPaint.css';
import { firstPaintSettled } from './firstScreen';

void firstPaintSettled.then(() => import('./main'));
