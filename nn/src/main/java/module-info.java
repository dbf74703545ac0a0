/**
 * jgrad's neural-network library on the public autograd API: modules and layers, losses,
 * initializers, optimizers, data sets and loaders, safetensors checkpoints, a trainer.
 */
module dev.jgrad.nn {
  requires transitive dev.jgrad.autograd;
  requires com.google.common;
  requires com.google.gson;
  requires me.tongfei.progressbar;

  exports dev.jgrad.nn;
  exports dev.jgrad.nn.data;
  exports dev.jgrad.nn.init;
  exports dev.jgrad.nn.io;
  exports dev.jgrad.nn.loss;
  exports dev.jgrad.nn.optim;
  exports dev.jgrad.nn.train;
}
