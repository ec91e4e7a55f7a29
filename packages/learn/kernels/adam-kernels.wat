;; SIMD kernel for @kenobi/learn's Adam(W) update of float32 params (source of the bytes embedded in
;; src/optim/adam-kernels.ts). Regenerate with (from the repository root):
;;   node scripts/wasm/embed-wat.mjs packages/learn/kernels/adam-kernels.wat packages/learn/src/optim/adam-kernels.ts
;; Float32 arithmetic, as PyTorch computes a float32 tensor's update on the CPU, four elements at a time, every
;; operation rounded to float32 in this order (`adamGeneral` in src/optim/adam-step.ts does the
;; same operations with Math.fround, so the two agree bit for bit; WebAssembly fuses nothing):
;;   w0 = w·shrink (AdamW's decoupled decay; skipped when shrink = 1)
;;   m' = b1·m + c1·g;  v' = b2·v + (c2·g)·g;  w' = w0 − (step·m') / (√v' / bc2 + eps)
;; Arrays w, g, m, v of n float32 at byte offsets given by the caller; the last n mod 4 elements are done with
;; scalar float32 ops (the same roundings).
(module
  (memory (export "mem") 3)

  (func (export "adam") (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
        (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32) (param $step f32) (param $bc2 f32) (param $eps f32) (param $shrink f32)
    (local $i i32) (local $quads i32) (local $o i32) (local $decay i32)
    (local $B1 v128) (local $C1 v128) (local $B2 v128) (local $C2 v128) (local $STEP v128) (local $BC2 v128) (local $EPS v128) (local $SHRINK v128)
    (local $d v128) (local $mi v128) (local $vi v128) (local $wi v128)
    (local $sd f32) (local $sm f32) (local $sv f32) (local $sw f32)
    (local.set $decay (f32.ne (local.get $shrink) (f32.const 1)))
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $STEP (f32x4.splat (local.get $step)))
    (local.set $BC2 (f32x4.splat (local.get $bc2)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $SHRINK (f32x4.splat (local.get $shrink)))
    (local.set $quads (i32.shr_u (local.get $n) (i32.const 2)))
    (block $done
      (br_if $done (i32.ge_u (local.get $i) (local.get $quads)))
      (loop $quad
        (local.set $o (i32.shl (local.get $i) (i32.const 4)))
        (local.set $d (v128.load (i32.add (local.get $g) (local.get $o))))
        ;; m' = b1·m + c1·g
        (local.set $mi (f32x4.add
          (f32x4.mul (local.get $B1) (v128.load (i32.add (local.get $m) (local.get $o))))
          (f32x4.mul (local.get $C1) (local.get $d))))
        (v128.store (i32.add (local.get $m) (local.get $o)) (local.get $mi))
        ;; v' = b2·v + (c2·g)·g
        (local.set $vi (f32x4.add
          (f32x4.mul (local.get $B2) (v128.load (i32.add (local.get $v) (local.get $o))))
          (f32x4.mul (f32x4.mul (local.get $C2) (local.get $d)) (local.get $d))))
        (v128.store (i32.add (local.get $v) (local.get $o)) (local.get $vi))
        ;; w' = w0 − (step·m') / (√v' / bc2 + eps)
        (local.set $wi (v128.load (i32.add (local.get $w) (local.get $o))))
        (if (local.get $decay) (then (local.set $wi (f32x4.mul (local.get $wi) (local.get $SHRINK)))))
        (v128.store (i32.add (local.get $w) (local.get $o))
          (f32x4.sub
            (local.get $wi)
            (f32x4.div
              (f32x4.mul (local.get $STEP) (local.get $mi))
              (f32x4.add (f32x4.div (f32x4.sqrt (local.get $vi)) (local.get $BC2)) (local.get $EPS)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $quad (i32.lt_u (local.get $i) (local.get $quads)))))
    ;; the last n mod 4 elements: the same ops on scalars
    (local.set $i (i32.shl (local.get $quads) (i32.const 2)))
    (block $tail_done
      (br_if $tail_done (i32.ge_u (local.get $i) (local.get $n)))
      (loop $tail
        (local.set $o (i32.shl (local.get $i) (i32.const 2)))
        (local.set $sd (f32.load (i32.add (local.get $g) (local.get $o))))
        (local.set $sm (f32.add (f32.mul (local.get $b1) (f32.load (i32.add (local.get $m) (local.get $o))))
                                (f32.mul (local.get $c1) (local.get $sd))))
        (f32.store (i32.add (local.get $m) (local.get $o)) (local.get $sm))
        (local.set $sv (f32.add (f32.mul (local.get $b2) (f32.load (i32.add (local.get $v) (local.get $o))))
                                (f32.mul (f32.mul (local.get $c2) (local.get $sd)) (local.get $sd))))
        (f32.store (i32.add (local.get $v) (local.get $o)) (local.get $sv))
        (local.set $sw (f32.load (i32.add (local.get $w) (local.get $o))))
        (if (local.get $decay) (then (local.set $sw (f32.mul (local.get $sw) (local.get $shrink)))))
        (f32.store (i32.add (local.get $w) (local.get $o))
          (f32.sub (local.get $sw)
            (f32.div (f32.mul (local.get $step) (local.get $sm))
              (f32.add (f32.div (f32.sqrt (local.get $sv)) (local.get $bc2)) (local.get $eps)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $tail (i32.lt_u (local.get $i) (local.get $n)))))))
