;; Dense-layer kernels for @kenobi/learn's dense-kernel engine (source of the bytes embedded in
;; src/train/dense-kernels.ts). Regenerate with (from the repository root; wabt resolves from packages/fits):
;;   cp packages/learn/kernels/dense-kernels.wat packages/fits/kernels/ && \
;;   node scripts/wasm/embed-wat.mjs packages/fits/kernels/dense-kernels.wat packages/learn/src/train/dense-kernels.ts && \
;;   rm packages/fits/kernels/dense-kernels.wat
;; A block of `rows` feature rows sits at byte offset $x, each row `stride` float32s long (stride a multiple of
;; 16; the caller zero-pads each row and the block to a multiple of 4 rows). Float32 arithmetic, four lanes at
;; a time; WebAssembly fuses nothing.
;;   dots:  z[r·k + j] = Σ_i x[r, i] · wt[j, i]   (the layer's scores x·W, W transposed to [k, stride])
;;   axpys: gt[j, i] += Σ_r rt[j, r] · x[r, i]     (the kernel's gradient xᵀ·dZ, accumulated over blocks;
;;          rt is dZ transposed to [k, rows], rows a multiple of 4)
(module
  (memory (export "mem") 8)

  (func (export "dots") (param $x i32) (param $wt i32) (param $z i32) (param $rows i32) (param $stride i32) (param $k i32)
    (local $r i32) (local $j i32) (local $row i32) (local $rowEnd i32) (local $p i32) (local $w i32) (local $out i32) (local $bytes i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $bytes (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $row (local.get $x))
    (local.set $out (local.get $z))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $rowEnd (i32.add (local.get $row) (local.get $bytes)))
        (local.set $j (i32.const 0))
        (local.set $w (local.get $wt))
        (block $classes_done
          (loop $each_class
            (br_if $classes_done (i32.ge_u (local.get $j) (local.get $k)))
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0))
            (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $p (local.get $row))
            (loop $sixteen
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $p)) (v128.load (local.get $w)))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $p)) (v128.load offset=16 (local.get $w)))))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load offset=32 (local.get $p)) (v128.load offset=32 (local.get $w)))))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load offset=48 (local.get $p)) (v128.load offset=48 (local.get $w)))))
              (local.set $p (i32.add (local.get $p) (i32.const 64)))
              (local.set $w (i32.add (local.get $w) (i32.const 64)))
              (br_if $sixteen (i32.lt_u (local.get $p) (local.get $rowEnd))))
            (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3))))
            (f32.store (local.get $out)
              (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
                       (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $each_class)))
        (local.set $row (local.get $rowEnd))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each_row))))

  (func (export "axpys") (param $x i32) (param $rt i32) (param $gt i32) (param $rows i32) (param $stride i32) (param $k i32)
    (local $r i32) (local $j i32) (local $bytes i32) (local $p i32) (local $g i32) (local $gEnd i32) (local $c i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local.set $bytes (i32.shl (local.get $stride) (i32.const 2)))
    (block $classes_done
      (loop $each_class
        (br_if $classes_done (i32.ge_u (local.get $j) (local.get $k)))
        (local.set $r (i32.const 0))
        (block $rows_done
          (loop $each_quad
            (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
            ;; rt[j, r .. r + 3]
            (local.set $c (i32.add (local.get $rt) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $r)) (i32.const 2))))
            (local.set $c0 (v128.load32_splat (local.get $c)))
            (local.set $c1 (v128.load32_splat offset=4 (local.get $c)))
            (local.set $c2 (v128.load32_splat offset=8 (local.get $c)))
            (local.set $c3 (v128.load32_splat offset=12 (local.get $c)))
            (local.set $p (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $bytes))))
            (local.set $g (i32.add (local.get $gt) (i32.mul (local.get $j) (local.get $bytes))))
            (local.set $gEnd (i32.add (local.get $g) (local.get $bytes)))
            (loop $four
              (v128.store (local.get $g)
                (f32x4.add (v128.load (local.get $g))
                  (f32x4.add
                    (f32x4.add (f32x4.mul (local.get $c0) (v128.load (local.get $p)))
                               (f32x4.mul (local.get $c1) (v128.load (i32.add (local.get $p) (local.get $bytes)))))
                    (f32x4.add (f32x4.mul (local.get $c2) (v128.load (i32.add (local.get $p) (i32.shl (local.get $bytes) (i32.const 1)))))
                               (f32x4.mul (local.get $c3) (v128.load (i32.add (local.get $p) (i32.mul (local.get $bytes) (i32.const 3)))))))))
              (local.set $p (i32.add (local.get $p) (i32.const 16)))
              (local.set $g (i32.add (local.get $g) (i32.const 16)))
              (br_if $four (i32.lt_u (local.get $g) (local.get $gEnd))))
            (local.set $r (i32.add (local.get $r) (i32.const 4)))
            (br $each_quad)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $each_class))))
)
