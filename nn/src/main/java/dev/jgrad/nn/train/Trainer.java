package dev.jgrad.nn.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.loss.Loss;
import dev.jgrad.nn.optim.LearningRateSchedule;
import dev.jgrad.nn.optim.Optimizer;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The training loop: for each epoch, set the learning rate from the schedule, then for each batch
 * {@code zeroGrad; forward; loss; backward; step}; then measure, and tell the callbacks.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, Loss.crossEntropy(), optimizer)
 *     .epochs(10)
 *     .accuracy(Accuracy.argmax())
 *     .schedule(LearningRateSchedule.cosine(0.1, 0.001, 10))
 *     .callback((metrics, control) -> System.out.println(metrics))
 *     .build();
 * List<EpochMetrics> history = trainer.fit(trainLoader, testLoader);
 * }</pre>
 *
 * <p>A console progress bar shows each epoch's batches, loss and accuracy; it is on by default only
 * when the JVM runs in a terminal, and {@link Builder#progressBar(boolean)} overrides that.
 */
public final class Trainer {
  /** The default number of epochs per call of fit: 10. */
  public static final int DEFAULT_EPOCHS = 10;

  private final Module model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final int epochs;
  private final LearningRateSchedule schedule;
  private final Accuracy accuracy;
  private final List<Callback> callbacks;
  private final PrintStream progressOut;
  private int completedEpochs;

  private Trainer(Builder b) {
    this.model = b.model;
    this.loss = b.loss;
    this.optimizer = b.optimizer;
    this.epochs = b.epochs;
    this.schedule = b.schedule;
    this.accuracy = b.accuracy;
    this.callbacks = List.copyOf(b.callbacks);
    this.progressOut = b.progressBar ? b.progressOut : null;
  }

  /**
   * Starts a trainer of {@code model}.
   *
   * @param model the model to train
   * @param loss the loss minimized, computed from the model's output and the batch's targets
   * @param optimizer the optimizer of the model's parameters
   * @return a builder with the defaults: {@value #DEFAULT_EPOCHS} epochs, no schedule, accuracy or callback
   */
  public static Builder builder(Module model, Loss loss, Optimizer optimizer) {
    return new Builder(model, loss, optimizer);
  }

  /**
   * Trains for the configured number of epochs (or until a callback stops it).
   *
   * @param train the training batches
   * @return each epoch's metrics, in order, with no validation results
   */
  public List<EpochMetrics> fit(DataLoader train) {
    return fit(train, null);
  }

  /**
   * Trains for the configured number of epochs, evaluating on {@code validation} (may be null) after
   * each; returns each epoch's metrics. Epoch numbers continue across calls, so a second fit goes on
   * with the schedule and the shuffling where the first stopped.
   *
   * @param train the training batches
   * @param validation the batches to evaluate on after each epoch, or null for none
   * @return each epoch's metrics, in order; fewer than the configured epochs if a callback stopped
   */
  public List<EpochMetrics> fit(DataLoader train, DataLoader validation) {
    checkNotNull(train, "Trainer.fit: train loader is null");
    List<EpochMetrics> history = new ArrayList<>();
    boolean[] stop = {false};
    Callback.Control control = () -> stop[0] = true;
    int lastEpoch = completedEpochs + epochs;
    for (int i = 0; i < epochs && !stop[0]; i++) {
      int epoch = completedEpochs;
      if (schedule != null) {
        schedule.applyTo(optimizer, epoch);
      }
      Evaluation trained = trainEpoch(train, epoch, lastEpoch);
      completedEpochs++;
      Evaluation validated = validation == null ? null : evaluate(validation);
      EpochMetrics metrics = new EpochMetrics(epoch, optimizer.learningRate(), trained, validated);
      history.add(metrics);
      for (Callback c : callbacks) {
        c.onEpochEnd(metrics, control);
      }
    }
    return history;
  }

  private Evaluation trainEpoch(DataLoader loader, int epoch, int lastEpoch) {
    model.train();
    Tally tally = new Tally();
    try (ProgressBar bar = progressBar(epoch, lastEpoch, loader.batchCount())) {
      int index = 0;
      for (Batch batch : loader.epoch(epoch)) {
        optimizer.zeroGrad();
        Tensor output = model.forward(batch.features());
        Tensor value = loss.compute(output, batch.targets());
        value.backward();
        optimizer.step();
        double batchLoss = value.item();
        tally.add(batchLoss, output, batch);
        for (Callback c : callbacks) {
          c.onBatchEnd(epoch, index, batchLoss);
        }
        index++;
        if (bar != null) {
          bar.step();
          Evaluation soFar = tally.result();
          bar.setExtraMessage(
              Double.isNaN(soFar.accuracy())
                  ? String.format("loss %.4f", soFar.loss())
                  : String.format("loss %.4f, acc %.2f%%", soFar.loss(), 100 * soFar.accuracy()));
        }
      }
    }
    return tally.result();
  }

  /**
   * The model's loss and accuracy on {@code data}, in evaluation mode and without recording a graph.
   *
   * @param data the batches to evaluate on (its epoch 0)
   * @return the loss and accuracy over all of the batches; the model's mode is restored afterwards
   */
  public Evaluation evaluate(DataLoader data) {
    checkNotNull(data, "Trainer.evaluate: loader is null");
    boolean wasTraining = model.isTraining();
    model.eval();
    try (var g = Autograd.noGrad()) {
      Tally tally = new Tally();
      for (Batch batch : data.epoch(0)) {
        Tensor output = model.forward(batch.features());
        tally.add(loss.compute(output, batch.targets()).item(), output, batch);
      }
      return tally.result();
    } finally {
      model.train(wasTraining);
    }
  }

  /**
   * The number of epochs trained so far by this trainer.
   *
   * @return the number of completed epochs, over all calls to fit: the next epoch's number
   */
  public int completedEpochs() {
    return completedEpochs;
  }

  /** Example-weighted loss and accuracy counts. */
  private final class Tally {
    private double lossSum;
    private long correct;
    private long predictions;
    private int examples;

    void add(double batchLoss, Tensor output, Batch batch) {
      lossSum += batchLoss * batch.size();
      examples += batch.size();
      if (accuracy != null) {
        try (var g = Autograd.noGrad()) {
          correct += accuracy.correct(output.detach(), batch.targets());
        }
        predictions += batch.targets().size();
      }
    }

    Evaluation result() {
      double meanLoss = examples == 0 ? Double.NaN : lossSum / examples;
      double acc = accuracy == null || predictions == 0 ? Double.NaN : (double) correct / predictions;
      return new Evaluation(meanLoss, acc, examples);
    }
  }

  private ProgressBar progressBar(int epoch, int lastEpoch, int batches) {
    if (progressOut == null) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName(String.format("epoch %d/%d", epoch + 1, lastEpoch))
        .setInitialMax(batches)
        .setUnit(" batches", 1)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        // A fixed width: asking the terminal for its width would load JLine's native library.
        .setConsumer(new ConsoleProgressBarConsumer(progressOut, barWidth()))
        .build();
  }

  /** $COLUMNS when the shell exports it, else 100. */
  private static int barWidth() {
    String columns = System.getenv("COLUMNS");
    if (columns != null && columns.matches("[1-9][0-9]{1,3}")) {
      return Integer.parseInt(columns) - 1;
    }
    return 100;
  }

  /**
   * Whether standard output is a terminal: only then is the progress bar on by default. Public for
   * programs that draw their own progress the same way.
   *
   * @return {@code true} if standard output is attached to a terminal
   */
  public static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // JDK 22+ returns a Console even when redirected; isTerminal() tells the difference.
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** Settings for a {@link Trainer}; checked in {@link #build()}. */
  public static final class Builder {
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private int epochs = DEFAULT_EPOCHS;
    private LearningRateSchedule schedule;
    private Accuracy accuracy;
    private final List<Callback> callbacks = new ArrayList<>();
    private boolean progressBar = stdoutIsTerminal();
    private PrintStream progressOut = System.err;

    private Builder(Module model, Loss loss, Optimizer optimizer) {
      this.model = model;
      this.loss = loss;
      this.optimizer = optimizer;
    }

    /**
     * Epochs per call of fit.
     *
     * @param epochs the number of epochs; positive
     * @return this builder
     */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /**
     * Sets the optimizer's learning rate at the start of each epoch; none by default.
     *
     * @param schedule the learning rate schedule, or null to keep the optimizer's rate
     * @return this builder
     */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /**
     * How to count correct predictions; without one, accuracies are NaN.
     *
     * @param accuracy the accuracy, e.g. {@link Accuracy#argmax()}, or null for none
     * @return this builder
     */
    public Builder accuracy(Accuracy accuracy) {
      this.accuracy = accuracy;
      return this;
    }

    /**
     * Adds a callback; callbacks run in the order added.
     *
     * @param callback the callback to add
     * @return this builder
     */
    public Builder callback(Callback callback) {
      callbacks.add(checkNotNull(callback, "Trainer: callback is null"));
      return this;
    }

    /**
     * Shows or hides the console progress bar (default: shown only in a terminal).
     *
     * @param show {@code true} to show the bar, {@code false} to hide it
     * @return this builder
     */
    public Builder progressBar(boolean show) {
      this.progressBar = show;
      return this;
    }

    /**
     * Shows the progress bar on {@code out} instead of standard error.
     *
     * @param out the stream the bar is drawn on
     * @return this builder
     */
    public Builder progressBar(PrintStream out) {
      this.progressOut = checkNotNull(out, "Trainer: progress stream is null");
      this.progressBar = true;
      return this;
    }

    /**
     * Checks the settings and makes the trainer.
     *
     * @return a new trainer with these settings
     */
    public Trainer build() {

      checkNotNull(model, "Trainer: model is null");
      checkNotNull(loss, "Trainer: loss is null");
      checkNotNull(optimizer, "Trainer: optimizer is null");
      checkArgument(epochs > 0, "Trainer: epochs must be > 0, got %s", epochs);
      return new Trainer(this);
    }
  }
}
