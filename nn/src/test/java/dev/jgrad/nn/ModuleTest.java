package dev.jgrad.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModuleTest {

  /** A custom layer, written the way the package documentation shows. */
  static final class FeatureAffine extends Module {
    private final Tensor scale;
    private final Tensor shift;

    FeatureAffine(int features) {
      scale = registerParameter("scale", Tensor.ones(features));
      shift = registerParameter("shift", Tensor.zeros(features));
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.mul(scale).add(shift);
    }
  }

  /** Two named submodules and a parameter of its own, registered before them. */
  static final class Net extends Module {
    final Tensor temperature;
    final Linear fc1;
    final Sequential body;

    Net(SplittableRandom random) {
      temperature = registerParameter("temperature", Tensor.ones(1));
      fc1 = registerModule("fc1", new Linear(3, 4, random));
      body = registerModule(
          "body", new Sequential(new Tanh(), new FeatureAffine(4), new Dropout(0.5, random), new Linear(4, 2, random)));
    }

    @Override
    public Tensor forward(Tensor x) {
      return body.forward(fc1.forward(x)).div(temperature);
    }
  }

  private static Net net(long seed) {
    return new Net(new SplittableRandom(seed));
  }

  /** to(FLOAT64) converts in place: the layer's own fields see it, and a float32 layer can be grad-checked. */
  @Test
  void toConvertsParametersInPlaceSoThatAFloat32LayerCanBeGradChecked() {
    Net model = net(1);
    List<Tensor> before = model.parameters();
    float[] w = model.fc1.weight().toFloatArray();
    assertThat(model.to(DType.FLOAT64)).isSameAs(model);
    assertThat(model.parameters()).containsExactlyElementsOf(before); // the same tensors
    assertThat(model.parameters()).allSatisfy(p -> assertThat(p.dtype()).isEqualTo(DType.FLOAT64));
    double[] converted = model.fc1.weight().toDoubleArray();
    for (int i = 0; i < w.length; i++) {
      assertThat(converted[i]).isEqualTo(w[i]);
    }
    model.eval(); // no dropout: a deterministic function
    dev.jgrad.autograd.GradCheck.check("Net", in -> model.forward(in[0]),
        Tensor.randn(new SplittableRandom(2), DType.FLOAT64, 2, 3).requiresGrad(true));
    model.to(DType.FLOAT32);
    assertThat(model.fc1.weight().toFloatArray()).containsExactly(w);
  }

  @Test
  void setDataOfASavedParameterMakesThatBackwardFail() {
    Tensor w = Tensor.ones(2).requiresGrad(true);
    Tensor loss = w.mul(w).sum();
    try (var g = dev.jgrad.autograd.Autograd.noGrad()) {
      w.setData(Tensor.zeros(DType.FLOAT64, 2));
    }
    assertThatThrownBy(loss::backward).hasMessageContaining("modified in place");
    assertThatThrownBy(() -> w.setData(Tensor.zeros(2))).hasMessageContaining("noGrad");
    assertThatThrownBy(() -> w.mul(2).setData(Tensor.zeros(2))).hasMessageContaining("leaf");
  }

  @Test
  void summaryListsEveryModuleWithItsParametersAndTheTotals() {
    String summary = net(1).summary();
    assertThat(summary).contains("(model)", "Net", "temperature [1]");
    assertThat(summary).containsPattern("fc1 +Linear +16 +weight \\[3, 4\\], bias \\[4\\]");
    assertThat(summary).containsPattern("body\\.1 +FeatureAffine +8 +scale \\[4\\], shift \\[4\\]");
    assertThat(summary).contains("body.0", "Tanh");
    assertThat(summary).endsWith("Total parameters: 35 (trainable 35), 0.00 MB");
  }

  @Test
  void parametersAreWalkedDepthFirstInRegistrationOrder() {
    Net net = net(1);
    assertThat(net.namedParameters().keySet())
        .containsExactly(
            "temperature", "fc1.weight", "fc1.bias", "body.1.scale", "body.1.shift", "body.3.weight", "body.3.bias");
    assertThat(net.parameters())
        .containsExactly(
            net.temperature, net.fc1.weight(), net.fc1.bias(), net.namedParameters().get("body.1.scale"),
            net.namedParameters().get("body.1.shift"), ((Linear) net.body.get(3)).weight(),
            ((Linear) net.body.get(3)).bias());
  }

  @Test
  void walkingOrderIsStableAcrossCallsAndInstances() {
    Net a = net(1);
    Net b = net(2);
    List<String> first = List.copyOf(a.namedParameters().keySet());
    for (int i = 0; i < 5; i++) {
      assertThat(a.namedParameters().keySet()).containsExactlyElementsOf(first);
      assertThat(a.stateDict().keySet()).containsExactlyElementsOf(first);
    }
    assertThat(b.namedParameters().keySet()).containsExactlyElementsOf(first);
    assertThat(a.parameterCount()).isEqualTo(1 + 12 + 4 + 4 + 4 + 8 + 2);
  }

  @Test
  void parametersRequireGradAndSharedOnesAppearOnce() {
    var random = new SplittableRandom(3);
    Linear shared = new Linear(2, 2, random);
    Sequential twice = new Sequential(shared, new Tanh(), shared);
    assertThat(twice.namedParameters().keySet()).containsExactly("0.weight", "0.bias");
    assertThat(twice.parameters()).allMatch(Tensor::requiresGrad);
  }

  @Test
  void registrationRejectsBadNames() {
    class Bad extends Module {
      Bad(String first, String second) {
        registerParameter(first, Tensor.zeros(1));
        registerParameter(second, Tensor.zeros(1));
      }

      @Override
      public Tensor forward(Tensor x) {
        return x;
      }
    }
    assertThatThrownBy(() -> new Bad("w", "w")).hasMessageContaining("already has").hasMessageContaining("\"w\"");
    assertThatThrownBy(() -> new Bad("w", "a.b")).hasMessageContaining("contain no '.'");
    assertThatThrownBy(() -> new Bad("", "b")).hasMessageContaining("non-empty");
  }

  @Test
  void aModuleCannotContainItself() {
    class Holder extends Module {
      void hold(String name, Module m) {
        registerModule(name, m);
      }

      @Override
      public Tensor forward(Tensor x) {
        return x;
      }
    }
    Holder outer = new Holder();
    Holder inner = new Holder();
    outer.hold("inner", inner);
    assertThatThrownBy(() -> inner.hold("outer", outer)).hasMessageContaining("would contain itself");
    assertThatThrownBy(() -> outer.hold("self", outer)).hasMessageContaining("would contain itself");
  }

  @Test
  void registeringANonLeafFails() {
    Tensor leaf = Tensor.ones(2).requiresGrad(true);
    Tensor computed = leaf.mul(2);
    assertThatThrownBy(() -> new Linear(computed.reshape(1, 2), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a leaf");
  }

  @Test
  void zeroGradClearsEveryGradient() {
    Net net = net(4);
    net.forward(Tensor.ones(2, 3)).sum().backward();
    assertThat(net.fc1.weight().grad()).isNotNull();
    net.zeroGrad();
    assertThat(net.parameters()).allMatch(p -> p.grad() == null);
  }

  @Test
  void trainAndEvalReachEverySubmodule() {
    Net net = net(5);
    assertThat(net.isTraining()).isTrue();
    net.eval();
    assertThat(net.isTraining()).isFalse();
    assertThat(net.body.get(2).isTraining()).isFalse();
    net.train();
    assertThat(net.body.get(2).isTraining()).isTrue();
  }

  @Test
  void stateDictIsASnapshot() {
    Net net = net(6);
    Map<String, Tensor> state = net.stateDict();
    float before = state.get("fc1.weight").toFloatArray()[0];
    try (var g = dev.jgrad.autograd.Autograd.noGrad()) {
      net.fc1.weight().mulInPlace(2);
    }
    assertThat(state.get("fc1.weight").toFloatArray()[0]).isEqualTo(before);
    assertThat(state.get("fc1.weight").requiresGrad()).isFalse();
    assertThatThrownBy(() -> state.put("x", Tensor.zeros(1))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void loadStateDictCopiesIntoTheSameTensors() {
    Net source = net(7);
    Net target = net(8);
    Tensor weight = target.fc1.weight();
    target.loadStateDict(source.stateDict());
    assertThat(target.fc1.weight()).isSameAs(weight);
    for (String name : source.namedParameters().keySet()) {
      assertThat(target.namedParameters().get(name).toFloatArray())
          .containsExactly(source.namedParameters().get(name).toFloatArray());
    }
  }

  @Test
  void loadStateDictChecksNamesShapesAndDtypesBeforeChangingAnything() {
    Net source = net(9);
    Map<String, Tensor> missing = new LinkedHashMap<>(source.stateDict());
    missing.remove("body.3.bias");
    assertRefusedUnchanged(missing, "missing [body.3.bias]");

    Map<String, Tensor> unexpected = new LinkedHashMap<>(source.stateDict());
    unexpected.put("fc2.weight", Tensor.zeros(1));
    assertRefusedUnchanged(unexpected, "unexpected [fc2.weight]");

    Map<String, Tensor> badShape = new LinkedHashMap<>(source.stateDict());
    badShape.put("body.3.weight", Tensor.zeros(2, 4));
    assertRefusedUnchanged(badShape, "body.3.weight has shape [2, 4] but the parameter has shape [4, 2]");

    Map<String, Tensor> badDtype = new LinkedHashMap<>(source.stateDict());
    badDtype.put("body.3.bias", Tensor.zeros(DType.FLOAT64, 2));
    assertRefusedUnchanged(badDtype, "body.3.bias is FLOAT64 but the parameter is FLOAT32");
  }

  /** The bad entry is last in walking order, so a non-atomic load would already have copied the rest. */
  private static void assertRefusedUnchanged(Map<String, Tensor> state, String message) {
    Net target = net(10);
    Map<String, Tensor> before = target.stateDict();
    assertThatThrownBy(() -> target.loadStateDict(state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("left unchanged")
        .hasMessageContaining(message);
    for (Map.Entry<String, Tensor> e : before.entrySet()) {
      assertThat(target.namedParameters().get(e.getKey()).toFloatArray()).containsExactly(e.getValue().toFloatArray());
    }
  }

  @Test
  void customLayerFromTheDocumentationTrains() {
    var random = new SplittableRandom(11);
    Module model = new Sequential(new Linear(3, 4, random), new ReLU(), new FeatureAffine(4), new Linear(4, 2, random));
    assertThat(model.namedParameters().keySet())
        .containsExactly("0.weight", "0.bias", "2.scale", "2.shift", "3.weight", "3.bias");
    model.forward(Tensor.ones(5, 3)).sum().backward();
    assertThat(model.namedParameters().get("2.scale").grad()).isNotNull();
  }

  @Test
  void toStringShowsTheTree() {
    var random = new SplittableRandom(12);
    Module model = new Sequential(new Linear(2, 4, random), new Tanh(), new Linear(4, 1, random));
    assertThat(model.toString())
        .isEqualTo(
            "Sequential(\n  (0): Linear(in=2, out=4, bias=true)\n  (1): Tanh()\n  (2): Linear(in=4, out=1, bias=true)\n)");
  }
}
