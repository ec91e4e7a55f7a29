;; SIMD kernel for @kenobi/learn's Adam update (source of the bytes embedded in src/optim/adam-kernels.ts).
;; Regenerate with (from the repository root):
;;   node scripts/wasm/embed-wat.mjs packages/learn/kernels/adam-kernels.wat packages/learn/src/optim/adam-kernels.ts
;; The arithmetic of adamPlain32 in src/optim/adam-step.ts exactly, two elements at a time: float32 values
;; promoted to float64, float64 products, sums, square root and divisions in the same order, results rounded to
;; float32 (round to nearest even, as a Float32Array store rounds):
;;   m' = f32(b1*m + c1*g);  v' = f32(b2*v + (c2*g)*g);  w' = f32(w - (step*m') / (sqrt(v')/bc2 + eps))
;; so the weights are bit-identical to the JavaScript loop's. Arrays w, g, m, v of n float32 at byte offsets
;; given by the caller; an odd last element is done with scalar float64 ops.
(module
  (memory (export "mem") 3)

  (func (export "adam") (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
        (param $b1 f64) (param $c1 f64) (param $b2 f64) (param $c2 f64) (param $step f64) (param $bc2 f64) (param $eps f64)
    (local $i i32) (local $pairs i32) (local $o i32)
    (local $B1 v128) (local $C1 v128) (local $B2 v128) (local $C2 v128) (local $STEP v128) (local $BC2 v128) (local $EPS v128)
    (local $d v128) (local $mi v128) (local $vi v128) (local $mi32 v128) (local $vi32 v128)
    (local $sd f64) (local $sm f64) (local $sv f64)
    (local.set $B1 (f64x2.splat (local.get $b1)))
    (local.set $C1 (f64x2.splat (local.get $c1)))
    (local.set $B2 (f64x2.splat (local.get $b2)))
    (local.set $C2 (f64x2.splat (local.get $c2)))
    (local.set $STEP (f64x2.splat (local.get $step)))
    (local.set $BC2 (f64x2.splat (local.get $bc2)))
    (local.set $EPS (f64x2.splat (local.get $eps)))
    (local.set $pairs (i32.shr_u (local.get $n) (i32.const 1)))
    (block $done
      (br_if $done (i32.ge_u (local.get $i) (local.get $pairs)))
      (loop $pair
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $d (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $g) (local.get $o)))))
        ;; m' = f32(b1*m + c1*g)
        (local.set $mi32 (f32x4.demote_f64x2_zero
          (f64x2.add
            (f64x2.mul (local.get $B1) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $m) (local.get $o)))))
            (f64x2.mul (local.get $C1) (local.get $d)))))
        (v128.store64_lane 0 (i32.add (local.get $m) (local.get $o)) (local.get $mi32))
        (local.set $mi (f64x2.promote_low_f32x4 (local.get $mi32)))
        ;; v' = f32(b2*v + (c2*g)*g)
        (local.set $vi32 (f32x4.demote_f64x2_zero
          (f64x2.add
            (f64x2.mul (local.get $B2) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $v) (local.get $o)))))
            (f64x2.mul (f64x2.mul (local.get $C2) (local.get $d)) (local.get $d)))))
        (v128.store64_lane 0 (i32.add (local.get $v) (local.get $o)) (local.get $vi32))
        (local.set $vi (f64x2.promote_low_f32x4 (local.get $vi32)))
        ;; w' = f32(w - (step*m') / (sqrt(v')/bc2 + eps))
        (v128.store64_lane 0 (i32.add (local.get $w) (local.get $o))
          (f32x4.demote_f64x2_zero
            (f64x2.sub
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $w) (local.get $o))))
              (f64x2.div
                (f64x2.mul (local.get $STEP) (local.get $mi))
                (f64x2.add (f64x2.div (f64x2.sqrt (local.get $vi)) (local.get $BC2)) (local.get $EPS))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $pair (i32.lt_u (local.get $i) (local.get $pairs)))))
    ;; odd last element: the same ops on scalars
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $o (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 2)))
        (local.set $sd (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $o)))))
        (local.set $sm (f64.promote_f32 (f32.demote_f64
          (f64.add (f64.mul (local.get $b1) (f64.promote_f32 (f32.load (i32.add (local.get $m) (local.get $o)))))
                   (f64.mul (local.get $c1) (local.get $sd))))))
        (f32.store (i32.add (local.get $m) (local.get $o)) (f32.demote_f64 (local.get $sm)))
        (local.set $sv (f64.promote_f32 (f32.demote_f64
          (f64.add (f64.mul (local.get $b2) (f64.promote_f32 (f32.load (i32.add (local.get $v) (local.get $o)))))
                   (f64.mul (f64.mul (local.get $c2) (local.get $sd)) (local.get $sd))))))
        (f32.store (i32.add (local.get $v) (local.get $o)) (f32.demote_f64 (local.get $sv)))
        (f32.store (i32.add (local.get $w) (local.get $o))
          (f32.demote_f64
            (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $w) (local.get $o))))
              (f64.div (f64.mul (local.get $step) (local.get $sm))
                (f64.add (f64.div (f64.sqrt (local.get $sv)) (local.get $bc2)) (local.get $eps))))))))))
