;; Dropout-mask kernel for @kenobi/learn (source of the bytes embedded in src/cnn/mask-kernels.ts). Regenerate
;; with (from the repository root; wabt resolves from packages/fits):
;;   cp packages/learn/kernels/mask-kernels.wat packages/fits/kernels/ && \
;;   node scripts/wasm/embed-wat.mjs packages/fits/kernels/mask-kernels.wat packages/learn/src/cnn/mask-kernels.ts && \
;;   rm packages/fits/kernels/mask-kernels.wat
;; The loop of `fillDropoutMask` (src/cnn/dropout-masks.ts): xoshiro128** from the state (s0, s1, s2, s3), each
;; 32-bit output giving two 16-bit draws, low half first; a draw below `threshold` keeps its value (the float32
;; bits `keep`), else 0. Writes n values (u32) from byte 16 and the generator's state after them at bytes 0..15,
;; so a caller going chunk by chunk (even n but the last) continues the same sequence.
(module
  (memory (export "mem") 3)

  (func (export "fill") (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $s3 i32) (param $n i32) (param $threshold i32) (param $keep i32)
    (local $o i32) (local $end i32) (local $r i32) (local $m5 i32) (local $t i32)
    (local.set $o (i32.const 16))
    ;; the byte after the last whole pair
    (local.set $end (i32.add (i32.const 16) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2))))
    (block $pairs_done
      (br_if $pairs_done (i32.ge_u (local.get $o) (local.get $end)))
      (loop $pair
        (local.set $m5 (i32.mul (local.get $s1) (i32.const 5)))
        (local.set $r (i32.mul (i32.rotl (local.get $m5) (i32.const 7)) (i32.const 9)))
        (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
        (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
        (i32.store (local.get $o)
          (select (local.get $keep) (i32.const 0) (i32.lt_u (i32.and (local.get $r) (i32.const 0xffff)) (local.get $threshold))))
        (i32.store offset=4 (local.get $o)
          (select (local.get $keep) (i32.const 0) (i32.lt_u (i32.shr_u (local.get $r) (i32.const 16)) (local.get $threshold))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br_if $pair (i32.lt_u (local.get $o) (local.get $end)))))
    ;; an odd n: one more output, its low half only
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $m5 (i32.mul (local.get $s1) (i32.const 5)))
        (local.set $r (i32.mul (i32.rotl (local.get $m5) (i32.const 7)) (i32.const 9)))
        (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
        (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
        (i32.store (local.get $o)
          (select (local.get $keep) (i32.const 0) (i32.lt_u (i32.and (local.get $r) (i32.const 0xffff)) (local.get $threshold))))))
    (i32.store (i32.const 0) (local.get $s0))
    (i32.store (i32.const 4) (local.get $s1))
    (i32.store (i32.const 8) (local.get $s2))
    (i32.store (i32.const 12) (local.get $s3)))
)
