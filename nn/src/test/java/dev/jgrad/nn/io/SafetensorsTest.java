package dev.jgrad.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.testing.TensorGen;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SafetensorsTest {
  @TempDir Path dir;

  private static Sequential model(long seed) {
    var random = new SplittableRandom(seed);
    return new Sequential(new Linear(3, 4, random), new Tanh(), new Linear(4, 2, random));
  }

  // ---- round trips ----------------------------------------------------------------------------

  /** Awkward values included: NaN (with a payload), infinities, −0, subnormals, extremes. */
  private static final float[] SPECIAL_FLOATS = {
    Float.NaN, Float.intBitsToFloat(0x7fc00123), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f,
    Float.MIN_VALUE, -Float.MIN_NORMAL / 3, Float.MAX_VALUE, 1e-30f
  };
  private static final double[] SPECIAL_DOUBLES = {
    Double.NaN, Double.longBitsToDouble(0x7ff8000000000123L), Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE,
    Double.MAX_VALUE, -Double.MIN_NORMAL / 7
  };

  private static Tensor randomTensor(SplittableRandom random) {
    int[] shape = TensorGen.shape(random, 0, 3, 0, 4);
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    Tensor t;
    if (random.nextBoolean()) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = random.nextInt(4) == 0 ? SPECIAL_FLOATS[random.nextInt(SPECIAL_FLOATS.length)] : (float) random.nextGaussian();
      }
      t = Tensor.of(v);
    } else {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = random.nextInt(4) == 0 ? SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)] : random.nextGaussian();
      }
      t = Tensor.of(v);
    }
    return t.reshape(shape);
  }

  private static void assertBitEqual(Tensor actual, Tensor expected) {
    assertThat(actual.dtype()).isEqualTo(expected.dtype());
    assertThat(actual.shape()).containsExactly(expected.shape());
    if (expected.dtype() == DType.FLOAT32) {
      float[] a = actual.toFloatArray();
      float[] e = expected.toFloatArray();
      for (int i = 0; i < e.length; i++) {
        assertThat(Float.floatToRawIntBits(a[i])).as("element %d", i).isEqualTo(Float.floatToRawIntBits(e[i]));
      }
    } else {
      double[] a = actual.toDoubleArray();
      double[] e = expected.toDoubleArray();
      for (int i = 0; i < e.length; i++) {
        assertThat(Double.doubleToRawLongBits(a[i])).as("element %d", i).isEqualTo(Double.doubleToRawLongBits(e[i]));
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void roundTripIsBitExact(long seed) throws IOException {
    var random = new SplittableRandom(seed);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    int count = random.nextInt(0, 6);
    for (int i = 0; i < count; i++) {
      tensors.put("layer" + random.nextInt(100) + ".t" + i + (random.nextBoolean() ? " ü \"quoted\"" : ""), randomTensor(random));
    }
    Map<String, String> metadata = random.nextBoolean() ? Map.of() : Map.of("epoch", "" + seed, "note", "a\nb ✓");
    Path file = dir.resolve("t.safetensors");
    Safetensors.save(file, tensors, metadata);

    Safetensors.Contents read = Safetensors.read(file);
    assertThat(read.tensors().keySet()).containsExactlyElementsOf(tensors.keySet());
    for (String name : tensors.keySet()) {
      assertBitEqual(read.tensors().get(name), tensors.get(name));
    }
    assertThat(read.metadata()).isEqualTo(metadata);
  }

  @Test
  void moduleRoundTripIsBitExact() throws IOException {
    Sequential saved = model(1);
    Path file = dir.resolve("model.safetensors");
    Safetensors.save(file, saved, Map.of("epoch", "3"));
    Sequential restored = model(2);
    Safetensors.load(file, restored);
    for (String name : saved.namedParameters().keySet()) {
      assertBitEqual(restored.namedParameters().get(name), saved.namedParameters().get(name));
    }
    assertThat(Safetensors.read(file).metadata()).containsEntry("epoch", "3");
  }

  @Test
  void layoutFollowsTheFormat() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("w", Tensor.of(new float[] {1.5f, -2f, 0.25f, 8f, 0f, 3f}, 2, 3));
    tensors.put("d", Tensor.of(new double[] {Math.PI}));
    tensors.put("s", Tensor.scalar(7));
    Path file = dir.resolve("layout.safetensors");
    Safetensors.save(file, tensors, Map.of("format", "pt"));
    byte[] bytes = Files.readAllBytes(file);

    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long n = b.getLong();
    assertThat(n % 8).as("header padded to 8 bytes").isZero();
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"w\":");
    assertThat(header.strip()).endsWith("}");
    JsonObject json = JsonParser.parseString(header).getAsJsonObject();
    assertThat(json.getAsJsonObject("w").get("dtype").getAsString()).isEqualTo("F32");
    assertThat(json.getAsJsonObject("w").get("shape").toString()).isEqualTo("[2,3]");
    assertThat(json.getAsJsonObject("w").get("data_offsets").toString()).isEqualTo("[0,24]");
    assertThat(json.getAsJsonObject("d").get("dtype").getAsString()).isEqualTo("F64");
    assertThat(json.getAsJsonObject("d").get("data_offsets").toString()).isEqualTo("[24,32]");
    assertThat(json.getAsJsonObject("s").get("shape").toString()).isEqualTo("[]");
    assertThat(json.getAsJsonObject("s").get("data_offsets").toString()).isEqualTo("[32,36]");
    assertThat(bytes).hasSize((int) (8 + n + 36));

    b.position((int) (8 + n));
    assertThat(b.getFloat()).isEqualTo(1.5f);
    assertThat(b.getFloat()).isEqualTo(-2f);
    b.position((int) (8 + n + 24));
    assertThat(b.getDouble()).isEqualTo(Math.PI);
    assertThat(b.getFloat()).isEqualTo(7f);
  }

  // ---- files written by other tools -----------------------------------------------------------

  /** The 8-byte little-endian length, the header exactly as given, then the data. */
  static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    return concat(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array(), h, data);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] floats(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  static byte[] doubles(double... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : v) {
      b.putDouble(x);
    }
    return b.array();
  }

  @Test
  void readsAFileBuiltByteByByteFromTheFormatRules() throws IOException {
    // Keys in an order unlike the data's, whitespace inside the JSON, no padding to 8 bytes, the
    // metadata last, and a float64 tensor first in the data.
    String header = "{ \"b\" : {\"data_offsets\": [16, 40], \"shape\": [2, 3], \"dtype\": \"F32\"},\n"
        + "  \"a\": {\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
        + "  \"empty\": {\"dtype\":\"F32\",\"shape\":[0, 5],\"data_offsets\":[40,40]},"
        + "  \"__metadata__\": {\"format\": \"pt\"} }";
    byte[] data = concat(doubles(0.1, -0.2), floats(1, 2, 3, 4, 5, 6));
    Path file = Files.write(dir.resolve("handmade.safetensors"), file(header, data));

    Safetensors.Contents contents = Safetensors.read(file);
    assertThat(contents.tensors().keySet()).containsExactly("a", "b", "empty");  // file order
    assertThat(contents.tensors().get("a").toDoubleArray()).containsExactly(0.1, -0.2);
    assertThat(contents.tensors().get("b").shape()).containsExactly(2, 3);
    assertThat(contents.tensors().get("b").toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(contents.tensors().get("empty").shape()).containsExactly(0, 5);
    assertThat(contents.metadata()).containsExactly(Map.entry("format", "pt"));
  }

  // ---- refusals -------------------------------------------------------------------------------

  private Path validFile(Module model) throws IOException {
    Path file = dir.resolve("valid.safetensors");
    Safetensors.save(file, model);
    return file;
  }

  private static void assertUnchanged(Module model, Map<String, Tensor> before) {
    for (Map.Entry<String, Tensor> e : before.entrySet()) {
      assertBitEqual(model.namedParameters().get(e.getKey()), e.getValue());
    }
  }

  @Test
  void everyTruncationIsRefusedAndTheModelIsUnchanged() throws IOException {
    byte[] bytes = Files.readAllBytes(validFile(model(1)));
    Path cut = dir.resolve("cut.safetensors");
    Module target = model(2);
    Map<String, Tensor> before = target.stateDict();
    for (int length = 0; length < bytes.length; length++) {
      Files.write(cut, Arrays.copyOf(bytes, length));
      int at = length;
      assertThatThrownBy(() -> Safetensors.load(cut, target))
          .as("cut at %d of %d bytes", at, bytes.length)
          .isInstanceOf(FileFormatException.class)
          .hasMessageStartingWith(cut.toString())
          .hasMessageContaining("truncated");
      assertUnchanged(target, before);
    }
  }

  static Stream<Object[]> corruptions() {
    String ok = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    byte[] two = floats(1, 2);
    return Stream.of(
        new Object[] {"not an object", file("[" + ok.substring(1, ok.length() - 1) + "]", two), "does not start with '{'"},
        new Object[] {"cut JSON", file(ok.substring(0, ok.length() - 1) + " ", two), "invalid JSON"},
        new Object[] {"two tensors overlap",
          file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
              + "\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", two), "overlap"},
        new Object[] {"a gap", file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", two), "gap"},
        new Object[] {"trailing data", file(ok, concat(two, new byte[3])), "3 bytes after the last tensor"},
        new Object[] {"offsets disagree with the shape",
          file("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", two), "needs 12"},
        new Object[] {"end before begin",
          file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", two), "begin <= end"},
        new Object[] {"three offsets",
          file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}", two), "is not [begin, end]"},
        new Object[] {"unsupported dtype",
          file("{\"x\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]}}", two), "jgrad does not support"},
        new Object[] {"unknown dtype",
          file("{\"x\":{\"dtype\":\"F31\",\"shape\":[2],\"data_offsets\":[0,8]}}", two), "not a safetensors dtype"},
        new Object[] {"missing field", file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2]}}", two), "needs dtype, shape and"},
        new Object[] {"unknown field",
          file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"crc\":1}}", two), "unknown field"},
        new Object[] {"negative size",
          file("{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", two), "not a non-negative integer"},
        new Object[] {"fractional size",
          file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", two), "not a non-negative integer"},
        new Object[] {"string size",
          file("{\"x\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", two), "non-number"},
        new Object[] {"duplicate name", file(ok.substring(0, ok.length() - 1) + "," + ok.substring(1), two), "appears twice"},
        new Object[] {"metadata not strings", file("{\"__metadata__\":{\"epoch\":3}}", new byte[0]), "is not a string"},
        new Object[] {"data after the JSON", file(ok + "{}", two), "after the JSON"},
        new Object[] {"a comment (lenient JSON)", file("{/* */" + ok.substring(1), two), "invalid JSON"},
        new Object[] {"huge header length",
          concat(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-2).array(), new byte[16]),
          "exceeds the limit"},
        new Object[] {"header not UTF-8",
          concat(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(4).array(),
              new byte[] {'{', (byte) 0xC3, '}', ' '}), "not valid UTF-8"},
        new Object[] {"shape too large",
          file("{\"x\":{\"dtype\":\"F32\",\"shape\":[100000,100000],\"data_offsets\":[0,8]}}", two), "too large"});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptions")
  void corruptedFilesAreRefusedWithAClearMessage(String what, byte[] bytes, String message) throws IOException {
    Path file = Files.write(dir.resolve("corrupt.safetensors"), bytes);
    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("dev.jgrad.autograd.testing.Seeds#tries")
  void randomDamageIsRefusedCleanlyOrLoadsWhole(long seed) throws IOException {
    var random = new SplittableRandom(seed);
    byte[] bytes = Files.readAllBytes(validFile(model(1)));
    int damages = random.nextInt(1, 4);
    for (int i = 0; i < damages; i++) {
      switch (random.nextInt(3)) {
        case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));  // flip a bit
        case 1 -> bytes[random.nextInt(Math.min(bytes.length, 120))] = (byte) random.nextInt(256);  // in the header
        default -> bytes = Arrays.copyOf(bytes, bytes.length + random.nextInt(-8, 9));  // cut or extend
      }
    }
    Path file = Files.write(dir.resolve("damaged.safetensors"), bytes);
    Module target = model(2);
    Map<String, Tensor> before = target.stateDict();
    Throwable thrown = catchThrowable(() -> Safetensors.load(file, target));
    if (thrown != null) {
      // A damaged file is a FileFormatException; one that still parses but no longer fits the model
      // (a renamed tensor, say) is an IllegalArgumentException. Nothing else, and no half-load.
      assertThat(thrown).isInstanceOfAny(FileFormatException.class, IllegalArgumentException.class);
      assertThat(thrown.getMessage()).startsWith(file.toString());
      assertUnchanged(target, before);
    }
  }

  @Test
  void aCheckpointOfAnotherModelIsRefusedAndTheModelIsUnchanged() throws IOException {
    var random = new SplittableRandom(3);
    Path file = dir.resolve("other.safetensors");
    Safetensors.save(file, new Sequential(new Linear(3, 5, random), new Tanh(), new Linear(5, 2, random)));
    Module target = model(2);
    Map<String, Tensor> before = target.stateDict();
    assertThatThrownBy(() -> Safetensors.load(file, target))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("0.weight has shape [3, 5] but the parameter has shape [3, 4]");
    assertUnchanged(target, before);
  }

  // ---- atomic save ----------------------------------------------------------------------------

  @Test
  void saveReplacesWholeAndLeavesNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("ckpt.safetensors");
    Safetensors.save(file, model(1));
    Safetensors.save(file, model(2));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("ckpt.safetensors");
    }
    Module restored = model(3);
    Safetensors.load(file, restored);
    assertUnchanged(restored, model(2).stateDict());
  }

  @Test
  void aFailedSaveLeavesThePreviousFile() throws IOException {
    Path file = dir.resolve("ckpt.safetensors");
    Safetensors.save(file, model(1));
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> Safetensors.save(file, Map.of(Safetensors.METADATA_KEY, Tensor.zeros(1))))
        .hasMessageContaining("reserved");
    Path noSuchDir = dir.resolve("missing").resolve("x.safetensors");
    assertThatThrownBy(() -> Safetensors.save(noSuchDir, model(1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Safetensors.save")
        .hasMessageContaining(noSuchDir.toString()); // the file asked for, not its temporary
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).hasSize(1);
    }
  }

  @Test
  void aSaveDeletesTheTemporariesOfKilledSavesButNotOnesInUse() throws IOException {
    Path file = dir.resolve("ckpt.safetensors");
    Path killed = Files.write(dir.resolve(".ckpt.safetensors." + java.util.UUID.randomUUID() + ".tmp"), new byte[4096]);
    Path writing = Files.write(dir.resolve(".ckpt.safetensors." + java.util.UUID.randomUUID() + ".tmp"), new byte[8]);
    Path otherTarget = Files.write(dir.resolve(".other.safetensors." + java.util.UUID.randomUUID() + ".tmp"), new byte[8]);
    try (var channel = java.nio.channels.FileChannel.open(writing, java.nio.file.StandardOpenOption.WRITE);
        var lock = channel.lock()) { // a save in progress holds its temporary's lock
      Safetensors.save(file, model(1));
      assertThat(killed).doesNotExist();
      assertThat(writing).exists();
      assertThat(otherTarget).as("another target's temporary is not this save's business").exists();
    }
  }

  @Test
  void loadingADirectoryNamesIt() {
    assertThatThrownBy(() -> Safetensors.load(dir, model(1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("directory");
  }

  @Test
  void savedFilesAreReadableByOthers() throws IOException {
    Path file = dir.resolve("perm.safetensors");
    Safetensors.save(file, model(1));
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
      assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(plain));
    }
  }

  @Test
  void emptyFileOfNoTensors() throws IOException {
    Path file = dir.resolve("none.safetensors");
    Safetensors.save(file, Map.of());
    assertThat(Safetensors.read(file).tensors()).isEmpty();
    assertThat(List.of(Files.size(file))).containsExactly(16L);  // length + "{}" padded to 8
  }
}
