package dev.jgrad.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Files written with PyTorch, the way the safetensors library lays them out, by the committed script
 * src/test/resources/dev/jgrad/nn/io/make_fixture.py (run outside the build).
 */
class SafetensorsFixtureTest {

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(SafetensorsFixtureTest.class.getResource(name).toURI());
  }

  @Test
  void aPyTorchModelLoadsAndComputesWhatPyTorchComputed() throws Exception {
    var random = new SplittableRandom(0);
    Sequential model = new Sequential(new Linear(3, 4, random), new Tanh(), new Linear(4, 2, random));
    Safetensors.load(resource("tiny_mlp.safetensors"), model);
    Safetensors.Contents weights = Safetensors.read(resource("tiny_mlp.safetensors"));
    assertThat(weights.metadata()).containsEntry("format", "pt");
    // The library's order: by dtype, then by name — not the model's walking order.
    assertThat(weights.tensors().keySet()).containsExactly("0.bias", "0.weight", "2.bias", "2.weight");

    Safetensors.Contents io = Safetensors.read(resource("tiny_mlp_io.safetensors"));
    Tensor input = io.tensors().get("input");
    Tensor expected = io.tensors().get("output");
    assertThat(input.shape()).containsExactly(2, 3);
    assertThat(model.forward(input).toFloatArray()).containsExactly(expected.toFloatArray(), within(1e-6f));

    Tensor input64 = io.tensors().get("input_f64");
    assertThat(input64.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(input64.to(DType.FLOAT32).toFloatArray()).containsExactly(input.toFloatArray());
  }
}
