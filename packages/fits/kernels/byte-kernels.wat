;; SIMD kernels for @kenobi/fits (source of the bytes embedded in src/data/byte-kernels.ts).
;; Regenerate with: node packages/fits/kernels/build.mjs  (needs the `wabt` dev dependency)
;; All lengths are in bytes of input and multiples of 16; the caller handles the tail in JavaScript.
(module
  (memory (export "mem") 8)

  ;; In-place byte swap of 16-, 32- and 64-bit big-endian values in [p, p + n).
  (func (export "swap16") (param $p i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $l
        (v128.store (local.get $p)
          (i8x16.shuffle 1 0 3 2 5 4 7 6 9 8 11 10 13 12 15 14 (v128.load (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $l (i32.lt_u (local.get $p) (local.get $end))))))

  (func (export "swap32") (param $p i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $l
        (v128.store (local.get $p)
          (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12 (v128.load (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $l (i32.lt_u (local.get $p) (local.get $end))))))

  (func (export "swap64") (param $p i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $l
        (v128.store (local.get $p)
          (i8x16.shuffle 7 6 5 4 3 2 1 0 15 14 13 12 11 10 9 8 (v128.load (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $l (i32.lt_u (local.get $p) (local.get $end))))))

  ;; Big-endian int16 at [in, in + n) -> float32 at out: fround(fround(v * bs) + bz), NaN (0x7fc00000) where
  ;; v == blank. Returns how many values equalled blank.
  (func (export "scale16") (param $in i32) (param $out i32) (param $n i32) (param $bs f32) (param $bz f32) (param $blank i32) (result i32)
    (local $end i32) (local $vbs v128) (local $vbz v128) (local $vbl v128) (local $nan v128) (local $acc v128)
    (local $x v128) (local $v v128) (local $m v128)
    (local.set $end (i32.add (local.get $in) (local.get $n)))
    (local.set $vbs (f32x4.splat (local.get $bs)))
    (local.set $vbz (f32x4.splat (local.get $bz)))
    (local.set $vbl (i32x4.splat (local.get $blank)))
    (local.set $nan (v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000))
    (local.set $acc (v128.const i32x4 0 0 0 0))
    (block $done
      (br_if $done (i32.ge_u (local.get $in) (local.get $end)))
      (loop $l
        (local.set $x
          (i8x16.shuffle 1 0 3 2 5 4 7 6 9 8 11 10 13 12 15 14 (v128.load (local.get $in)) (v128.const i32x4 0 0 0 0)))
        (local.set $v (i32x4.extend_low_i16x8_s (local.get $x)))
        (local.set $m (i32x4.eq (local.get $v) (local.get $vbl)))
        (local.set $acc (i32x4.sub (local.get $acc) (local.get $m)))
        (v128.store (local.get $out)
          (v128.bitselect (local.get $nan)
            (f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (local.get $v)) (local.get $vbs)) (local.get $vbz))
            (local.get $m)))
        (local.set $v (i32x4.extend_high_i16x8_s (local.get $x)))
        (local.set $m (i32x4.eq (local.get $v) (local.get $vbl)))
        (local.set $acc (i32x4.sub (local.get $acc) (local.get $m)))
        (v128.store offset=16 (local.get $out)
          (v128.bitselect (local.get $nan)
            (f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (local.get $v)) (local.get $vbs)) (local.get $vbz))
            (local.get $m)))
        (local.set $in (i32.add (local.get $in) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (br_if $l (i32.lt_u (local.get $in) (local.get $end)))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
)
