;; SIMD kernel for @kenobi/learn's SGD update of float32 params (source of the bytes embedded in
;; src/optim/sgd-kernels.ts). Regenerate with (from the repository root; wabt resolves from packages/fits):
;;   cp packages/learn/kernels/sgd-kernels.wat packages/fits/kernels/ && \
;;   node scripts/wasm/embed-wat.mjs packages/fits/kernels/sgd-kernels.wat packages/learn/src/optim/sgd-kernels.ts && \
;;   rm packages/fits/kernels/sgd-kernels.wat
;; Float32 arithmetic, as PyTorch computes a float32 tensor's update on the CPU, four elements at a time, every
;; operation rounded to float32 in this order (`sgdFloat32` in src/optim/sgd-step.ts does the same operations
;; with Math.fround, so the two agree bit for bit; WebAssembly fuses nothing):
;;   d = g + wd·w (when wd ≠ 0)
;;   with momentum: b' = d on the first step, else mu·b + keep·d; d = d + mu·b' (Nesterov) or b'
;;   w' = w − lr·d
;; flags: 1 momentum, 2 first step, 4 Nesterov. Arrays w, g, b of n float32 at byte offsets given by the
;; caller (b untouched without momentum); the last n mod 4 elements are done with scalar float32 ops.
(module
  (memory (export "mem") 2)

  (func (export "sgd") (param $w i32) (param $g i32) (param $b i32) (param $n i32)
        (param $lr f32) (param $mu f32) (param $keep f32) (param $wd f32) (param $flags i32)
    (local $o i32) (local $end i32) (local $momentum i32) (local $first i32) (local $nesterov i32) (local $decay i32)
    (local $LR v128) (local $MU v128) (local $KEEP v128) (local $WD v128)
    (local $d v128) (local $bi v128) (local $wi v128)
    (local $sd f32) (local $sb f32) (local $sw f32)
    (local.set $momentum (i32.and (local.get $flags) (i32.const 1)))
    (local.set $first (i32.and (local.get $flags) (i32.const 2)))
    (local.set $nesterov (i32.and (local.get $flags) (i32.const 4)))
    (local.set $decay (f32.ne (local.get $wd) (f32.const 0)))
    (local.set $LR (f32x4.splat (local.get $lr)))
    (local.set $MU (f32x4.splat (local.get $mu)))
    (local.set $KEEP (f32x4.splat (local.get $keep)))
    (local.set $WD (f32x4.splat (local.get $wd)))
    ;; byte offset past the last whole quad
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $done
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (loop $quad
        (local.set $wi (v128.load (i32.add (local.get $w) (local.get $o))))
        (local.set $d (v128.load (i32.add (local.get $g) (local.get $o))))
        (if (local.get $decay) (then (local.set $d (f32x4.add (local.get $d) (f32x4.mul (local.get $WD) (local.get $wi))))))
        (if (local.get $momentum)
          (then
            (if (local.get $first)
              (then (local.set $bi (local.get $d)))
              (else (local.set $bi (f32x4.add
                (f32x4.mul (local.get $MU) (v128.load (i32.add (local.get $b) (local.get $o))))
                (f32x4.mul (local.get $KEEP) (local.get $d))))))
            (v128.store (i32.add (local.get $b) (local.get $o)) (local.get $bi))
            (if (local.get $nesterov)
              (then (local.set $d (f32x4.add (local.get $d) (f32x4.mul (local.get $MU) (local.get $bi)))))
              (else (local.set $d (local.get $bi))))))
        (v128.store (i32.add (local.get $w) (local.get $o)) (f32x4.sub (local.get $wi) (f32x4.mul (local.get $LR) (local.get $d))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br_if $quad (i32.lt_u (local.get $o) (local.get $end)))))
    ;; the last n mod 4 elements: the same ops on scalars
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $tail_done
      (br_if $tail_done (i32.ge_u (local.get $o) (local.get $end)))
      (loop $tail
        (local.set $sw (f32.load (i32.add (local.get $w) (local.get $o))))
        (local.set $sd (f32.load (i32.add (local.get $g) (local.get $o))))
        (if (local.get $decay) (then (local.set $sd (f32.add (local.get $sd) (f32.mul (local.get $wd) (local.get $sw))))))
        (if (local.get $momentum)
          (then
            (if (local.get $first)
              (then (local.set $sb (local.get $sd)))
              (else (local.set $sb (f32.add
                (f32.mul (local.get $mu) (f32.load (i32.add (local.get $b) (local.get $o))))
                (f32.mul (local.get $keep) (local.get $sd))))))
            (f32.store (i32.add (local.get $b) (local.get $o)) (local.get $sb))
            (if (local.get $nesterov)
              (then (local.set $sd (f32.add (local.get $sd) (f32.mul (local.get $mu) (local.get $sb)))))
              (else (local.set $sd (local.get $sb))))))
        (f32.store (i32.add (local.get $w) (local.get $o)) (f32.sub (local.get $sw) (f32.mul (local.get $lr) (local.get $sd))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br_if $tail (i32.lt_u (local.get $o) (local.get $end)))))
  )
)
