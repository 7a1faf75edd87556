// Reads an Iceberg table with icebird (an independent JavaScript Iceberg reader: its own metadata, Avro and
// Parquet code) and prints {"rows": [...]} as JSON. icebird fetches by URL, so file:// URLs are served from disk
// by a small fetch shim (Range requests answered with 206, as an object store would).
import { readFile, stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { icebergRead, icebergMetadata } from 'icebird'

const realFetch = globalThis.fetch
globalThis.fetch = async (url, init = {}) => {
  const href = typeof url === 'string' ? url : url.href ?? url.url
  if (!href.startsWith('file:')) return realFetch(url, init)
  const path = fileURLToPath(href)
  let data
  try {
    data = await readFile(path)
  } catch {
    return new Response(null, { status: 404, statusText: 'Not Found' })
  }
  if ((init.method ?? 'GET') === 'HEAD') {
    return new Response(null, { status: 200, headers: { 'content-length': String((await stat(path)).size) } })
  }
  const range = new Headers(init.headers).get('Range')
  if (range) {
    const [, start, end] = /bytes=(\d+)-(\d*)/.exec(range)
    const slice = data.subarray(Number(start), end === '' ? data.length : Number(end) + 1)
    return new Response(slice, { status: 206 })
  }
  return new Response(data, { status: 200 })
}

const tableUrl = process.argv[2]
const metadata = await icebergMetadata({ tableUrl })
const rows = await icebergRead({ tableUrl, metadata })
const json = JSON.stringify({ snapshot: String(metadata['current-snapshot-id']), rows }, (_, v) => {
  if (typeof v === 'bigint') return v.toString()
  if (v instanceof Date) return v.toISOString()
  return v
})
process.stdout.write(json)
