import { launchChromium } from '../helpers/browser'
const main = async () => {

const [url, out, w, h] = process.argv.slice(2)
const b = await launchChromium()
const p = await b.newPage({ viewport: { width: Number(w ?? 1920), height: Number(h ?? 1080) } })
p.on('console', (m) => console.log('console', m.type(), m.text()))
p.on('response', (r) => r.status() >= 400 && console.log('BAD', r.status(), r.url()))
await p.goto(url!)
await p.waitForTimeout(15000)
await p.screenshot({ path: out! })
await b.close()
}; void main()
