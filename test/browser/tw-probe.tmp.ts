import { launchChromium } from '/work/wt/time-wall/test/helpers/browser'
const [url, out, w, h] = process.argv.slice(2)
async function main() {
const b = await launchChromium()
const p = await b.newPage({ viewport: { width: Number(w), height: Number(h) } })
p.on('console', (m) => console.warn('console', m.type(), m.text()))
p.on('pageerror', (e) => console.warn('pageerror', e.message))
await p.goto(url!)
await p.waitForTimeout(6000)
await p.screenshot({ path: out! })
console.warn(await p.evaluate(() => document.querySelector('[data-link-state]')?.outerHTML))
await b.close()
}
void main()
