package dev.jgrad.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.loss.Losses;
import dev.jgrad.autograd.Reduction;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.AdamW;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.optim.SGD;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model saved with its optimizer resumes training exactly: k steps, save, n more steps gives the
 * same bits as k steps, save, load into fresh objects, n more steps.
 */
class OptimizerCheckpointTest {
  @TempDir Path dir;

  private static Sequential model(long seed) {
    var random = new SplittableRandom(seed);
    return new Sequential(new Linear(3, 5, random), new Tanh(), new Linear(5, 2, random));
  }

  private static Function<List<Tensor>, Optimizer> optimizer(String kind) {
    return switch (kind) {
      case "adam" -> p -> Adam.builder(p).learningRate(0.01).build();
      case "adamw" -> p -> AdamW.builder(p).learningRate(0.01).build();
      default -> p -> SGD.builder(p).learningRate(0.05).momentum(0.9).nesterov(true).build();
    };
  }

  private static void steps(Module model, Optimizer opt, int from, int count) {
    for (int s = from; s < from + count; s++) {
      var random = new SplittableRandom(100 + s);
      Tensor x = Tensor.randn(random, 8, 3);
      Tensor y = Tensor.randn(random, 8, 2);
      opt.zeroGrad();
      Losses.mse(model.forward(x), y, Reduction.MEAN).backward();
      opt.step();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adam", "adamw", "sgd"})
  void trainingResumesWithTheSameBits(String kind) throws IOException {
    Sequential model = model(1);
    Optimizer opt = optimizer(kind).apply(model.parameters());
    steps(model, opt, 0, 5);
    Path file = dir.resolve(kind + ".safetensors");
    Safetensors.save(file, model, opt, Map.of("epoch", "1"));
    steps(model, opt, 5, 7);

    Sequential resumed = model(2); // other weights, fresh optimizer state
    Optimizer resumedOpt = optimizer(kind).apply(resumed.parameters());
    Safetensors.load(file, resumed, resumedOpt);
    steps(resumed, resumedOpt, 5, 7);

    Map<String, Tensor> expected = model.stateDict();
    Map<String, Tensor> actual = resumed.stateDict();
    for (String name : expected.keySet()) {
      assertThat(actual.get(name).toFloatArray()).as(name).containsExactly(expected.get(name).toFloatArray());
    }
    assertThat(Safetensors.load(file)).containsKey(Safetensors.OPTIMIZER_PREFIX + "lr");

    // The model alone loads from the checkpoint too (its optimizer entries passed over), as saved.
    Sequential alone = model(3);
    Safetensors.load(file, alone);
    Sequential atSave = model(4);
    Safetensors.load(file, atSave, optimizer(kind).apply(atSave.parameters()));
    for (String name : expected.keySet()) {
      assertThat(alone.stateDict().get(name).toFloatArray()).as(name)
          .containsExactly(atSave.stateDict().get(name).toFloatArray());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adam", "sgd"})
  void aCheckpointThatDoesNotFitChangesNeither(String kind) throws IOException {
    Sequential model = model(1);
    Optimizer opt = optimizer(kind).apply(model.parameters());
    steps(model, opt, 0, 2);
    Path file = dir.resolve("small.safetensors");
    Safetensors.save(file, model, opt, Map.of());

    Sequential target = model(3);
    Optimizer wrongKind = optimizer(kind.equals("adam") ? "sgd" : "adam").apply(target.parameters());
    Map<String, Tensor> before = target.stateDict();
    assertThatThrownBy(() -> Safetensors.load(file, target, wrongKind))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("unexpected entry");
    for (String name : before.keySet()) {
      assertThat(target.stateDict().get(name).toFloatArray()).as(name).containsExactly(before.get(name).toFloatArray());
    }
    assertThat(wrongKind.stateDict()).containsOnlyKeys("lr");
  }
}
