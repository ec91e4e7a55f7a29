;; SIMD kernels for @kenobi/imaging's 8-bit resize (source of the bytes embedded in
;; src/geometry/resize-kernels.ts). Regenerate with (from the repository root):
;;   node scripts/wasm/embed-wat.mjs packages/imaging/kernels/resize-kernels.wat packages/imaging/src/geometry/resize-kernels.ts
;; Pillow's 8-bit arithmetic exactly: 22-bit fixed-point int32 weights, a sum starting at 1 << 21, then
;; clip8 = clamp(sum >> 22, 0, 255) (the same as Pillow's `if (ss <= 0) 0; else if (ss >= 256 << 22) 255`).
;; Pixels are loaded 4 bytes at a time (one i32 lane per channel) and rows 16 bytes at a time, so the caller
;; pads the input by 4 bytes and the output by 16.
(module
  (memory (export "mem") 1)

  ;; Horizontal pass: rows [0, rows) of `in` (inWidth pixels of c bytes), output columns [left, left + cw)
  ;; into `out` (rows x cw x c bytes). bounds: i32 pairs (first, taps) per output column; weights: i32
  ;; kernelSize per output column.
  (func (export "hpass") (param $in i32) (param $inWidth i32) (param $c i32) (param $rows i32)
        (param $bounds i32) (param $weights i32) (param $kernelSize i32) (param $left i32) (param $cw i32) (param $out i32)
    (local $y i32) (local $j i32) (local $end i32) (local $base i32) (local $at i32) (local $taps i32)
    (local $wp i32) (local $t i32) (local $acc v128) (local $rowBytes i32)
    (local.set $rowBytes (i32.mul (local.get $inWidth) (local.get $c)))
    (local.set $end (i32.add (local.get $left) (local.get $cw)))
    (block $rowsDone
      (br_if $rowsDone (i32.ge_s (local.get $y) (local.get $rows)))
      (loop $rowLoop
        (local.set $base (i32.add (local.get $in) (i32.mul (local.get $y) (local.get $rowBytes))))
        (local.set $j (local.get $left))
        (block $colsDone
          (br_if $colsDone (i32.ge_s (local.get $j) (local.get $end)))
          (loop $colLoop
            (local.set $at (i32.add (local.get $base)
              (i32.mul (i32.load (i32.add (local.get $bounds) (i32.shl (local.get $j) (i32.const 3)))) (local.get $c))))
            (local.set $taps (i32.load offset=4 (i32.add (local.get $bounds) (i32.shl (local.get $j) (i32.const 3)))))
            (local.set $wp (i32.add (local.get $weights) (i32.shl (i32.mul (local.get $j) (local.get $kernelSize)) (i32.const 2))))
            (local.set $acc (v128.const i32x4 2097152 2097152 2097152 2097152))
            (local.set $t (i32.const 0))
            (block $tapsDone
              (br_if $tapsDone (i32.ge_s (local.get $t) (local.get $taps)))
              (loop $tapLoop
                (local.set $acc (i32x4.add (local.get $acc)
                  (i32x4.mul
                    (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $at))))
                    (i32x4.splat (i32.load (local.get $wp))))))
                (local.set $at (i32.add (local.get $at) (local.get $c)))
                (local.set $wp (i32.add (local.get $wp) (i32.const 4)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br_if $tapLoop (i32.lt_s (local.get $t) (local.get $taps)))))
            (v128.store32_lane 0 (local.get $out)
              (i8x16.narrow_i16x8_u
                (i16x8.narrow_i32x4_s
                  (i32x4.min_s (i32x4.max_s (i32x4.shr_s (local.get $acc) (i32.const 22)) (v128.const i32x4 0 0 0 0))
                    (v128.const i32x4 255 255 255 255))
                  (v128.const i32x4 0 0 0 0))
                (v128.const i32x4 0 0 0 0)))
            (local.set $out (i32.add (local.get $out) (local.get $c)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br_if $colLoop (i32.lt_s (local.get $j) (local.get $end)))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br_if $rowLoop (i32.lt_s (local.get $y) (local.get $rows))))))

  ;; clip8 of four i32x4 sums, packed into 16 bytes.
  (func $pack (param $a v128) (param $b v128) (param $c v128) (param $d v128) (result v128)
    (i8x16.narrow_i16x8_u
      (i16x8.narrow_i32x4_s (call $clip (local.get $a)) (call $clip (local.get $b)))
      (i16x8.narrow_i32x4_s (call $clip (local.get $c)) (call $clip (local.get $d)))))

  (func $clip (param $v v128) (result v128)
    (i32x4.min_s (i32x4.max_s (i32x4.shr_s (local.get $v) (i32.const 22)) (v128.const i32x4 0 0 0 0))
      (v128.const i32x4 255 255 255 255)))

  ;; Vertical pass: output rows [top, top + ch) from `mid` (rows from source row r0 on, `stride` bytes a
  ;; row) into `out` (ch rows of stride bytes). bounds/weights as for hpass, per output row.
  (func (export "vpass") (param $mid i32) (param $stride i32) (param $r0 i32) (param $bounds i32)
        (param $weights i32) (param $kernelSize i32) (param $top i32) (param $ch i32) (param $out i32)
    (local $j i32) (local $end i32) (local $first i32) (local $taps i32) (local $wp0 i32) (local $wp i32)
    (local $i i32) (local $t i32) (local $at i32) (local $w v128) (local $v v128) (local $lo v128) (local $hi v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $end (i32.add (local.get $top) (local.get $ch)))
    (local.set $j (local.get $top))
    (block $rowsDone
      (br_if $rowsDone (i32.ge_s (local.get $j) (local.get $end)))
      (loop $rowLoop
        (local.set $first (i32.add (local.get $mid) (i32.mul
          (i32.sub (i32.load (i32.add (local.get $bounds) (i32.shl (local.get $j) (i32.const 3)))) (local.get $r0))
          (local.get $stride))))
        (local.set $taps (i32.load offset=4 (i32.add (local.get $bounds) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $wp0 (i32.add (local.get $weights) (i32.shl (i32.mul (local.get $j) (local.get $kernelSize)) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $bytesDone
          (br_if $bytesDone (i32.ge_s (local.get $i) (local.get $stride)))
          (loop $byteLoop
            (local.set $a0 (v128.const i32x4 2097152 2097152 2097152 2097152))
            (local.set $a1 (local.get $a0))
            (local.set $a2 (local.get $a0))
            (local.set $a3 (local.get $a0))
            (local.set $at (i32.add (local.get $first) (local.get $i)))
            (local.set $wp (local.get $wp0))
            (local.set $t (i32.const 0))
            (block $tapsDone
              (br_if $tapsDone (i32.ge_s (local.get $t) (local.get $taps)))
              (loop $tapLoop
                (local.set $w (i32x4.splat (i32.load (local.get $wp))))
                (local.set $v (v128.load (local.get $at)))
                (local.set $lo (i16x8.extend_low_i8x16_u (local.get $v)))
                (local.set $hi (i16x8.extend_high_i8x16_u (local.get $v)))
                (local.set $a0 (i32x4.add (local.get $a0) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $lo)) (local.get $w))))
                (local.set $a1 (i32x4.add (local.get $a1) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $lo)) (local.get $w))))
                (local.set $a2 (i32x4.add (local.get $a2) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $hi)) (local.get $w))))
                (local.set $a3 (i32x4.add (local.get $a3) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $hi)) (local.get $w))))
                (local.set $at (i32.add (local.get $at) (local.get $stride)))
                (local.set $wp (i32.add (local.get $wp) (i32.const 4)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br_if $tapLoop (i32.lt_s (local.get $t) (local.get $taps)))))
            (v128.store (i32.add (local.get $out) (local.get $i))
              (call $pack (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3)))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br_if $byteLoop (i32.lt_s (local.get $i) (local.get $stride)))))
        (local.set $out (i32.add (local.get $out) (local.get $stride)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $rowLoop (i32.lt_s (local.get $j) (local.get $end)))))))
