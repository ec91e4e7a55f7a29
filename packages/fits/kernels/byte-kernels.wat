;; SIMD kernels for @kenobi/fits (source of the bytes embedded in src/data/byte-kernels.ts).
;; Regenerate with (from the repository root, needs the `wabt` dev dependency):
;;   node scripts/wasm/embed-wat.mjs packages/fits/kernels/byte-kernels.wat packages/fits/src/data/byte-kernels.ts
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

  ;; RICE_1 (ricecomp.c) of the tile at [c, c + clen), followed by at least 16 zero bytes, into `count` i32
  ;; at out. Returns 0, 1 when the stream ends too soon, 2 when it ends inside a run of zero bits.
  (func (export "rice") (param $c i32) (param $clen i32) (param $out i32) (param $count i32) (param $bsize i32) (param $bytepix i32) (result i32)
    (local $fsbits i32) (local $fsmax i32) (local $bbits i32) (local $mask i32) (local $shift i32)
    (local $p i32) (local $lastpix i32) (local $buf i32) (local $nb i32) (local $i i32) (local $imax i32)
    (local $fs i32) (local $nz i32) (local $z i32) (local $low i32) (local $diff i32) (local $left i32) (local $take i32)
    (local $v i32) (local $k i32)
    (if (i32.eq (local.get $bytepix) (i32.const 4))
      (then (local.set $fsbits (i32.const 5)) (local.set $fsmax (i32.const 25)) (local.set $mask (i32.const -1)))
      (else (if (i32.eq (local.get $bytepix) (i32.const 2))
        (then (local.set $fsbits (i32.const 4)) (local.set $fsmax (i32.const 14)) (local.set $mask (i32.const 0xffff)) (local.set $shift (i32.const 16)))
        (else (local.set $fsbits (i32.const 3)) (local.set $fsmax (i32.const 6)) (local.set $mask (i32.const 0xff))))))
    (local.set $bbits (i32.shl (i32.const 1) (local.get $fsbits)))
    (local.set $p (local.get $c))
    (block $hd (loop $h
      (br_if $hd (i32.ge_u (local.get $k) (local.get $bytepix)))
      (local.set $lastpix (i32.or (i32.shl (local.get $lastpix) (i32.const 8)) (i32.load8_u (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $h)))
    (local.set $lastpix (i32.and (local.get $lastpix) (local.get $mask)))
    (block $blocksDone (loop $blocks
      (br_if $blocksDone (i32.ge_u (local.get $i) (local.get $count)))
      ;; refill to at least 25 bits
      (block $r0 (loop $r0l
        (br_if $r0 (i32.gt_s (local.get $nb) (i32.const 24)))
        (local.set $buf (i32.or (local.get $buf) (i32.shl (i32.load8_u (local.get $p)) (i32.sub (i32.const 24) (local.get $nb)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $nb (i32.add (local.get $nb) (i32.const 8)))
        (br $r0l)))
      (local.set $fs (i32.sub (i32.shr_u (local.get $buf) (i32.sub (i32.const 32) (local.get $fsbits))) (i32.const 1)))
      (local.set $buf (i32.shl (local.get $buf) (local.get $fsbits)))
      (local.set $nb (i32.sub (local.get $nb) (local.get $fsbits)))
      (local.set $imax (i32.add (local.get $i) (local.get $bsize)))
      (if (i32.gt_u (local.get $imax) (local.get $count)) (then (local.set $imax (local.get $count))))
      (if (i32.lt_s (local.get $fs) (i32.const 0))
        (then
          (local.set $v (i32.shr_s (i32.shl (local.get $lastpix) (local.get $shift)) (local.get $shift)))
          (block $e (loop $el
            (br_if $e (i32.ge_u (local.get $i) (local.get $imax)))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))) (local.get $v))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $el))))
        (else (if (i32.eq (local.get $fs) (local.get $fsmax))
          (then
            (block $rb (loop $rbl
              (br_if $rb (i32.ge_u (local.get $i) (local.get $imax)))
              (local.set $diff (i32.const 0))
              (local.set $left (local.get $bbits))
              (block $tk (loop $tkl
                (br_if $tk (i32.le_s (local.get $left) (i32.const 0)))
                (local.set $take (select (i32.const 16) (local.get $left) (i32.gt_s (local.get $left) (i32.const 16))))
                (block $r1 (loop $r1l
                  (br_if $r1 (i32.gt_s (local.get $nb) (i32.const 24)))
                  (local.set $buf (i32.or (local.get $buf) (i32.shl (i32.load8_u (local.get $p)) (i32.sub (i32.const 24) (local.get $nb)))))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (local.set $nb (i32.add (local.get $nb) (i32.const 8)))
                  (br $r1l)))
                (local.set $diff (i32.or (i32.shl (local.get $diff) (local.get $take)) (i32.shr_u (local.get $buf) (i32.sub (i32.const 32) (local.get $take)))))
                (local.set $buf (i32.shl (local.get $buf) (local.get $take)))
                (local.set $nb (i32.sub (local.get $nb) (local.get $take)))
                (local.set $left (i32.sub (local.get $left) (local.get $take)))
                (br $tkl)))
              (local.set $lastpix (i32.and (i32.add (local.get $lastpix)
                (i32.xor (i32.shr_u (local.get $diff) (i32.const 1)) (i32.sub (i32.const 0) (i32.and (local.get $diff) (i32.const 1)))))
                (local.get $mask)))
              (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
                (i32.shr_s (i32.shl (local.get $lastpix) (local.get $shift)) (local.get $shift)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $rbl))))
          (else
            (block $nd (loop $nl
              (br_if $nd (i32.ge_u (local.get $i) (local.get $imax)))
              (if (i32.le_s (local.get $nb) (i32.const 16))
                (then
                  (local.set $buf (i32.or (local.get $buf)
                    (i32.shl (i32.or (i32.shl (i32.load8_u (local.get $p)) (i32.const 8)) (i32.load8_u offset=1 (local.get $p)))
                      (i32.sub (i32.const 16) (local.get $nb)))))
                  (local.set $p (i32.add (local.get $p) (i32.const 2)))
                  (local.set $nb (i32.add (local.get $nb) (i32.const 16)))))
              (local.set $nz (i32.clz (local.get $buf)))
              (if (i32.ge_s (local.get $nz) (local.get $nb))
                (then
                  (local.set $nz (local.get $nb))
                  (local.set $buf (i32.const 0))
                  (local.set $nb (i32.const 0))
                  (block $zd (loop $zl
                    (block $r2 (loop $r2l
                      (br_if $r2 (i32.gt_s (local.get $nb) (i32.const 24)))
                      (local.set $buf (i32.or (local.get $buf) (i32.shl (i32.load8_u (local.get $p)) (i32.sub (i32.const 24) (local.get $nb)))))
                      (local.set $p (i32.add (local.get $p) (i32.const 1)))
                      (local.set $nb (i32.add (local.get $nb) (i32.const 8)))
                      (br $r2l)))
                    (local.set $z (i32.clz (local.get $buf)))
                    (if (i32.lt_s (local.get $z) (local.get $nb))
                      (then
                        (local.set $nz (i32.add (local.get $nz) (local.get $z)))
                        (local.set $buf (i32.shl (i32.shl (local.get $buf) (local.get $z)) (i32.const 1)))
                        (local.set $nb (i32.sub (local.get $nb) (i32.add (local.get $z) (i32.const 1))))
                        (br $zd)))
                    (if (i32.gt_u (local.get $p) (i32.add (i32.add (local.get $c) (local.get $clen)) (i32.const 8)))
                      (then (return (i32.const 2))))
                    (local.set $nz (i32.add (local.get $nz) (local.get $nb)))
                    (local.set $buf (i32.const 0))
                    (local.set $nb (i32.const 0))
                    (br $zl))))
                (else
                  (local.set $buf (i32.shl (i32.shl (local.get $buf) (local.get $nz)) (i32.const 1)))
                  (local.set $nb (i32.sub (local.get $nb) (i32.add (local.get $nz) (i32.const 1))))))
              (local.set $low (i32.const 0))
              (if (i32.gt_s (local.get $fs) (i32.const 0))
                (then
                  (block $r3 (loop $r3l
                    (br_if $r3 (i32.ge_s (local.get $nb) (local.get $fs)))
                    (local.set $buf (i32.or (local.get $buf) (i32.shl (i32.load8_u (local.get $p)) (i32.sub (i32.const 24) (local.get $nb)))))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (local.set $nb (i32.add (local.get $nb) (i32.const 8)))
                    (br $r3l)))
                  (local.set $low (i32.shr_u (local.get $buf) (i32.sub (i32.const 32) (local.get $fs))))
                  (local.set $buf (i32.shl (local.get $buf) (local.get $fs)))
                  (local.set $nb (i32.sub (local.get $nb) (local.get $fs)))))
              (local.set $diff (i32.or (i32.shl (local.get $nz) (local.get $fs)) (local.get $low)))
              (local.set $lastpix (i32.and (i32.add (local.get $lastpix)
                (i32.xor (i32.shr_u (local.get $diff) (i32.const 1)) (i32.sub (i32.const 0) (i32.and (local.get $diff) (i32.const 1)))))
                (local.get $mask)))
              (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
                (i32.shr_s (i32.shl (local.get $lastpix) (local.get $shift)) (local.get $shift)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $nl)))))))
      ;; bits consumed: 8 * (p - c) - nb
      (if (i32.gt_s (i32.sub (i32.shl (i32.sub (local.get $p) (local.get $c)) (i32.const 3)) (local.get $nb)) (i32.shl (local.get $clen) (i32.const 3)))
        (then (return (i32.const 1))))
      (br $blocks)))
    (i32.const 0))

  ;; Quantised i32 at in -> float32 at out, as dither.ts `dequantize` (four at a time): method 0 NO_DITHER,
  ;; 1 SUBTRACTIVE_DITHER_1, 2 SUBTRACTIVE_DITHER_2; at rnd the 10,000 dither randoms (float32) preceded by
  ;; one 0.0 that NO_DITHER reads throughout; iseed the tile's first seed index. BLANK (when hasBlank) -> NaN;
  ;; SUBTRACTIVE_DITHER_2's zero code -2147483646 -> 0.
  (func (export "dequant") (param $in i32) (param $out i32) (param $count i32) (param $scale f64) (param $zero f64)
      (param $blank i32) (param $hasBlank i32) (param $method i32) (param $iseed i32) (param $rnd i32)
    (local $i i32) (local $v i32) (local $next i32) (local $end i32) (local $f f32) (local $isd2 i32) (local $step i32)
    (local $half f64) (local $half2 v128) (local $scale2 v128) (local $zero2 v128) (local $bl4 v128) (local $zv4 v128)
    (local $hb4 v128) (local $d24 v128) (local $nan4 v128) (local $x v128) (local $r v128) (local $y v128)
    (local.set $isd2 (i32.eq (local.get $method) (i32.const 2)))
    (if (i32.eqz (local.get $method))
      (then (local.set $rnd (i32.sub (local.get $rnd) (i32.const 4))) (local.set $step (i32.const 0)) (local.set $half (f64.const 0)))
      (else
        (local.set $step (i32.const 1))
        (local.set $half (f64.const 0.5))
        (local.set $next (i32.trunc_f64_s (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $rnd) (i32.shl (local.get $iseed) (i32.const 2))))) (f64.const 500))))))
    (local.set $half2 (f64x2.splat (local.get $half)))
    (local.set $scale2 (f64x2.splat (local.get $scale)))
    (local.set $zero2 (f64x2.splat (local.get $zero)))
    (local.set $bl4 (i32x4.splat (local.get $blank)))
    (local.set $zv4 (i32x4.splat (i32.const -2147483646)))
    (local.set $hb4 (i32x4.splat (i32.sub (i32.const 0) (local.get $hasBlank))))
    (local.set $d24 (i32x4.splat (i32.sub (i32.const 0) (local.get $isd2))))
    (local.set $nan4 (v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $count)))
      ;; a run up to the end of the random sequence (NO_DITHER: everything)
      (local.set $end (select (local.get $count) (i32.add (local.get $i) (i32.sub (i32.const 10000) (local.get $next))) (i32.eqz (local.get $step))))
      (if (i32.gt_u (local.get $end) (local.get $count)) (then (local.set $end (local.get $count))))
      (block $vd (loop $vl
        (br_if $vd (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $end)))
        (local.set $x (v128.load (local.get $in)))
        (local.set $r (select (result v128) (v128.const i32x4 0 0 0 0) (v128.load (i32.add (local.get $rnd) (i32.shl (local.get $next) (i32.const 2)))) (i32.eqz (local.get $step))))
        (local.set $y (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (f64x2.add (f64x2.sub (f64x2.convert_low_i32x4_s (local.get $x)) (f64x2.promote_low_f32x4 (local.get $r))) (local.get $half2)) (local.get $scale2)) (local.get $zero2)))
          (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (f64x2.add (f64x2.sub (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $r) (local.get $r)))) (local.get $half2)) (local.get $scale2)) (local.get $zero2)))))
        (local.set $y (v128.andnot (local.get $y) (v128.and (local.get $d24) (i32x4.eq (local.get $x) (local.get $zv4)))))
        (v128.store (local.get $out)
          (v128.bitselect (local.get $nan4) (local.get $y) (v128.and (local.get $hb4) (i32x4.eq (local.get $x) (local.get $bl4)))))
        (local.set $in (i32.add (local.get $in) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $next (i32.add (local.get $next) (i32.shl (local.get $step) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $vl)))
      (block $sd (loop $sl
        (br_if $sd (i32.ge_u (local.get $i) (local.get $end)))
          (local.set $v (i32.load (local.get $in)))
          (local.set $f (f32.demote_f64 (f64.add (f64.mul
            (f64.add (f64.sub (f64.convert_i32_s (local.get $v))
              (f64.promote_f32 (f32.load (i32.add (local.get $rnd) (i32.shl (local.get $next) (i32.const 2)))))) (local.get $half))
            (local.get $scale)) (local.get $zero))))
          (local.set $f (select (f32.const 0) (local.get $f) (i32.and (local.get $isd2) (i32.eq (local.get $v) (i32.const -2147483646)))))
          (f32.store (local.get $out)
            (select (f32.const nan) (local.get $f) (i32.and (local.get $hasBlank) (i32.eq (local.get $v) (local.get $blank)))))
          (local.set $in (i32.add (local.get $in) (i32.const 4)))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (local.set $next (i32.add (local.get $next) (local.get $step)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sl)))
      (if (i32.eq (local.get $next) (i32.const 10000))
        (then
          (local.set $iseed (i32.add (local.get $iseed) (i32.const 1)))
          (if (i32.eq (local.get $iseed) (i32.const 10000)) (then (local.set $iseed (i32.const 0))))
          (local.set $next (i32.trunc_f64_s (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $rnd) (i32.shl (local.get $iseed) (i32.const 2))))) (f64.const 500))))))
      (br $l))))
)
