import { parentPort, workerData } from 'node:worker_threads'
import { runGeoImportJob } from './job'
import type { GeoImportJob } from './protocol'

// One job per worker: its memory (megabytes of coordinates) goes when it exits.
parentPort!.postMessage(runGeoImportJob(workerData as GeoImportJob))
