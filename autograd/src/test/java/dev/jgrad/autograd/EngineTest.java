package dev.jgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The behaviour of the graph around the ops: accumulation, modes, hooks, detach. */
class EngineTest {

  @Test
  void aValueUsedTwiceGetsBothContributions() {
    Tensor x = Tensor.scalar(3).requiresGrad(true);
    x.mul(x).add(x).backward(); // d(x² + x)/dx = 2x + 1
    assertThat(x.grad().item()).isEqualTo(7);
  }

  @Test
  void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    x.mul(5).backward();
    x.mul(5).backward();
    assertThat(x.grad().item()).isEqualTo(10);
    x.zeroGrad();
    assertThat(x.grad()).isNull();
    x.mul(5).backward();
    assertThat(x.grad().item()).isEqualTo(5);
  }

  @Test
  void broadcastingIsUndoneForEachInput() {
    Tensor m = Tensor.ones(3, 4).requiresGrad(true);
    Tensor row = Tensor.ones(4).requiresGrad(true);
    Tensor column = Tensor.ones(3, 1).requiresGrad(true);
    m.add(row).mul(column).sum().backward();
    assertThat(row.grad().shape()).containsExactly(4);
    assertThat(row.grad().toFloatArray()).containsOnly(3f);
    assertThat(column.grad().shape()).containsExactly(3, 1);
    assertThat(column.grad().toFloatArray()).containsOnly(8f);
  }

  @Test
  void noGradRecordsNothingAndRestoresTheMode() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    Tensor y;
    try (var g = Autograd.noGrad()) {
      y = x.mul(2);
      assertThat(Autograd.isGradEnabled()).isFalse();
      try (var inner = Autograd.enableGrad()) {
        assertThat(x.mul(2).requiresGrad()).isTrue();
      }
      assertThat(Autograd.isGradEnabled()).isFalse();
    }
    assertThat(Autograd.isGradEnabled()).isTrue();
    assertThat(y.requiresGrad()).isFalse();
    assertThat(y.isLeaf()).isTrue();
  }

  @Test
  void detachCutsTheGraph() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    Tensor y = x.mul(x);
    Tensor z = y.detach().mul(x); // treats y as a constant 4
    z.backward();
    assertThat(x.grad().item()).isEqualTo(4);
    assertThat(y.detach().requiresGrad()).isFalse();
  }

  @Test
  void requiresGradOnlyOnLeaves() {
    Tensor y = Tensor.ones(1).requiresGrad(true).mul(2);
    assertThatThrownBy(() -> y.requiresGrad(false)).hasMessageContaining("only leaf tensors");
  }

  @Test
  void hooksObserveAndReplaceGradients() {
    Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
    Tensor y = x.mul(3);
    List<float[]> seen = new ArrayList<>();
    y.registerHook(g -> {
      seen.add(g.toFloatArray());
      return null;
    });
    HookHandle doubling = x.registerHook(g -> g.mul(2));
    y.sum().backward();
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).containsExactly(1, 1);
    assertThat(x.grad().toFloatArray()).containsExactly(6, 6);

    doubling.remove();
    x.zeroGrad();
    x.mul(3).sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(3, 3);
  }

  @Test
  void hookReturningTheWrongShapeIsRefused() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    x.registerHook(g -> Tensor.ones(3));
    assertThatThrownBy(() -> x.mul(2).sum().backward()).hasMessageContaining("hook");
  }

  @Test
  void gradDoesNotTouchLeafGradsAndGivesZerosForUnusedInputs() {
    Tensor x = Tensor.scalar(3).requiresGrad(true);
    Tensor unused = Tensor.ones(2).requiresGrad(true);
    List<Tensor> g = Autograd.grad(x.mul(x), List.of(x, unused), false);
    assertThat(g.get(0).item()).isEqualTo(6);
    assertThat(g.get(1).toFloatArray()).containsExactly(0, 0);
    assertThat(x.grad()).isNull();
  }

  @Test
  void gradWithRespectToAnIntermediate() {
    Tensor x = Tensor.scalar(3).requiresGrad(true);
    Tensor u = x.mul(2);
    Tensor y = u.mul(u);
    assertThat(Autograd.grad(y, List.of(u), false).get(0).item()).isEqualTo(12);
  }

  @Test
  void leafGradIsACopyThatLaterUpdatesCannotAlias() {
    Tensor a = Tensor.ones(2).requiresGrad(true);
    Tensor b = Tensor.ones(2).requiresGrad(true);
    a.add(b).sum().backward();
    try (var g = Autograd.noGrad()) {
      a.grad().mulInPlace(10);
    }
    assertThat(b.grad().toFloatArray()).containsExactly(1, 1);
  }

  @Test
  void gradFnNamesTheOperation() {
    Tensor x = Tensor.ones(2, 2).requiresGrad(true);
    assertThat(x.matmul(x).gradFnName()).isEqualTo("matmul");
    assertThat(x.gradFnName()).isNull();
  }

  @Test
  void retainGradTwiceIsRetainGradOnce() {
    Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
    Tensor y = x.mul(3).retainGrad().retainGrad();
    y.mul(y).sum().backward(); // d/dy Σy² = 2y
    assertThat(y.grad().toFloatArray()).containsExactly(6f, 12f);
  }

  @Test
  void retainedGradientsAccumulateLikeALeafsAndSeeHookReplacements() {
    Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
    Tensor y = x.mul(3);
    y.retainGrad();
    y.registerHook(g -> g.mul(10)); // registered after retainGrad, yet retainGrad sees its result
    y.sum().backward(Tensor.scalar(1), true);
    y.sum().backward();
    assertThat(y.grad().toFloatArray()).containsExactly(20f, 20f);
    assertThat(x.grad().toFloatArray()).containsExactly(60f, 60f);
  }

  @Test
  void autogradGradLeavesRetainedGradientsAlone() {
    Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
    Tensor y = x.mul(3).retainGrad();
    Tensor dx = Autograd.grad(y.sum(), List.of(x), false).get(0);
    assertThat(dx.toFloatArray()).containsExactly(3f, 3f);
    assertThat(y.grad()).as("grad returns gradients rather than accumulating them").isNull();
    assertThat(x.grad()).isNull();
  }
}
