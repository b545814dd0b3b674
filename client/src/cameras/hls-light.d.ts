// hls.js ships no declarations for its light build's entry; it is the same class as the full one.
declare module 'hls.js/light' {
  import Hls from 'hls.js'
  export default Hls
}
