package dev.jgrad.autograd.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Function;
import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The backward pass reuses arrays (see {@link Buffers}), and no tensor a program can reach ever
 * sees one of its arrays reused. A training loop keeps every tensor it can get hold of for 100
 * steps (inputs, every activation, losses, gradients handed to hooks, retained and returned by
 * {@code Autograd.grad}, each step's parameter gradients and parameter copies) together with a
 * copy of its values when it was made, and checks them all at the end. The loop mixes what moves
 * gradients around in the engine: broadcasting (bias), a value used twice, a custom function,
 * hooks, retainGrad and {@code Autograd.grad}.
 */
class BufferReuseTest {

  /** y = x·|x|, a custom op whose backward the engine must not trust with its gradient. */
  static final class SignedSquare extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      ctx.save(in[0]);
      return in[0].mul(in[0].abs());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      return new Tensor[] {grad.mul(ctx.saved(0).abs()).mul(2)};
    }
  }

  private record Kept(Tensor tensor, double[] values, String what) {}

  @ParameterizedTest
  @CsvSource({"FLOAT32, true", "FLOAT64, true", "FLOAT32, false"})
  void noReachableTensorEverSeesAReusedArray(DType dtype, boolean setToNone) {
    SplittableRandom random = new SplittableRandom(7);
    int batch = 64;
    Tensor w1 = Tensor.randn(random, dtype, 40, 48).mul(0.2).requiresGrad(true);
    Tensor b1 = Tensor.zeros(dtype, 48).requiresGrad(true);
    Tensor w2 = Tensor.randn(random, dtype, 48, 32).mul(0.2).requiresGrad(true);
    Tensor b2 = Tensor.zeros(dtype, 32).requiresGrad(true);
    Tensor w3 = Tensor.randn(random, dtype, 32, 5).mul(0.2).requiresGrad(true);
    List<Tensor> parameters = List.of(w1, b1, w2, b2, w3);
    List<Kept> kept = new ArrayList<>();
    long pooledAtSomePoint = 0;

    for (int step = 0; step < 100; step++) {
      Tensor x = keep(kept, Tensor.randn(random, dtype, batch, 40), "x");
      int[] labels = new int[batch];
      for (int i = 0; i < batch; i++) labels[i] = random.nextInt(5);

      Tensor h1 = keep(kept, x.matmul(w1).add(b1), "h1"); // bias broadcast: summed back in the engine
      Tensor a1 = keep(kept, h1.relu(), "a1");
      Tensor h2 = keep(kept, Functional.linear(a1, w2, b2), "h2");
      Tensor a2 = keep(kept, h2.tanh().add(h2.sigmoid()), "a2"); // h2 used twice
      a2.retainGrad();
      Tensor s = keep(kept, new SignedSquare().apply(a2), "s");
      List<Tensor> hooked = new ArrayList<>();
      h1.registerHook(g -> {
        hooked.add(g);
        return null;
      });
      Tensor logits = keep(kept, s.matmul(w3), "logits");
      Tensor loss = keep(kept, Functional.crossEntropy(logits, labels, Reduction.MEAN), "loss");

      if (step % 10 == 9) {
        // Gradients returned rather than accumulated, through a second forward of the same layers.
        Tensor again = keep(kept, Functional.linear(x.matmul(w1).add(b1).relu(), w2, b2).tanh().matmul(w3), "again");
        Tensor other = keep(kept, Functional.crossEntropy(again, labels, Reduction.MEAN), "other loss");
        for (Tensor g : Autograd.grad(other, List.of(w2, b1), false)) keep(kept, g, "Autograd.grad");
      }
      loss.backward();
      for (Tensor g : hooked) keep(kept, g, "hooked grad");
      keep(kept, a2.grad(), "retained grad");
      if (setToNone) {
        for (Tensor p : parameters) keep(kept, p.grad(), "parameter grad");
      }
      try (var g = Autograd.noGrad()) {
        for (Tensor p : parameters) {
          p.addInPlace(p.grad(), -0.1);
          p.zeroGrad(setToNone);
        }
        for (Tensor p : parameters) keep(kept, p.mul(1), "parameter copy");
      }
      pooledAtSomePoint = Math.max(pooledAtSomePoint, Buffers.pooledBytes());
    }

    for (Kept k : kept) {
      double[] now = k.tensor().toDoubleArray();
      for (int i = 0; i < now.length; i++) {
        if (Double.doubleToRawLongBits(now[i]) != Double.doubleToRawLongBits(k.values()[i])) {
          fail(String.format("%s %s changed at element %d: %s, was %s", k.what(), k.tensor(), i, now[i], k.values()[i]));
        }
      }
    }
    // The test means something only if arrays were in fact reused.
    assertThat(pooledAtSomePoint).as("bytes given back to the pool").isPositive();
  }

  private static Tensor keep(List<Kept> kept, Tensor t, String what) {
    kept.add(new Kept(t, t.toDoubleArray(), what));
    return t;
  }
}
