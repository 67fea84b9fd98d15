package org.labelfree.training.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.labelfree.training.CnnConfig;
import org.labelfree.training.RealBogusCnn;
import org.labelfree.training.RealBogusModel;

/**
 * Writes a {@link RealBogusModel} as an ONNX graph (opset {@value #OPSET}, IR version {@value #IR_VERSION}) with
 * the ONNX protobuf classes of tribuo-util-onnx:
 * {@code Conv-Relu-MaxPool-Conv-Relu-MaxPool-Flatten-Gemm-Relu-Gemm}, input {@value #INPUT} float32
 * {@code (N, C, S, S)} with a symbolic batch {@code N}, outputs {@value #LOGITS} {@code (N, 2)} and
 * {@value #FEATURES} {@code (N, hidden)} (the hidden layer after ReLU), weights as initialisers (raw little-endian
 * float32). DJL's Conv2d weights are already {@code (out, in, kh, kw)}; Linear maps to Gemm with
 * {@code transB = 1}. Dropout is left out (inference). Stateless and thread-safe for distinct models.
 */
public final class OnnxExport {
  /** The ONNX operator set written. */
  public static final int OPSET = 13;
  /** The ONNX IR version written. */
  public static final int IR_VERSION = 7;
  /** The name of the graph input. */
  public static final String INPUT = "stamps";
  /** The name of the logits output. */
  public static final String LOGITS = "logits";
  /** The name of the features output. */
  public static final String FEATURES = "features";

  private OnnxExport() {}

  /** Writes the graph of {@code model} to {@code file}. @throws IOException if it cannot be written */
  public static void write(RealBogusModel model, Path file) throws IOException {
    ModelProto proto = toProto(model);
    try (OutputStream out = Files.newOutputStream(file)) {
      proto.writeTo(out);
    }
  }

  /** The ONNX model of {@code model}. */
  public static ModelProto toProto(RealBogusModel model) {
    RealBogusCnn cnn = model.network();
    CnnConfig cfg = cnn.config();
    GraphProto.Builder g = GraphProto.newBuilder().setName("labelfree_real_bogus_cnn");

    /* Weights as initialisers. */
    g.addInitializer(tensor("conv1_w", cnn.conv1(), "weight"));
    g.addInitializer(tensor("conv1_b", cnn.conv1(), "bias"));
    g.addInitializer(tensor("conv2_w", cnn.conv2(), "weight"));
    g.addInitializer(tensor("conv2_b", cnn.conv2(), "bias"));
    g.addInitializer(tensor("fc1_w", cnn.hiddenLayer(), "weight"));
    g.addInitializer(tensor("fc1_b", cnn.hiddenLayer(), "bias"));
    g.addInitializer(tensor("fc2_w", cnn.outputLayer(), "weight"));
    g.addInitializer(tensor("fc2_b", cnn.outputLayer(), "bias"));

    /* The two convolution stages, the flatten and the two fully connected layers. */
    g.addNode(conv("conv1", INPUT, "conv1_w", "conv1_b", "c1"));
    g.addNode(node("Relu", "relu1", "r1", "c1"));
    g.addNode(pool("pool1", "r1", "p1"));
    g.addNode(conv("conv2", "p1", "conv2_w", "conv2_b", "c2"));
    g.addNode(node("Relu", "relu2", "r2", "c2"));
    g.addNode(pool("pool2", "r2", "p2"));
    g.addNode(node("Flatten", "flatten", "flat", "p2").toBuilder().addAttribute(intAttr("axis", 1)));
    g.addNode(gemm("fc1", "flat", "fc1_w", "fc1_b", "h"));
    g.addNode(node("Relu", "relu3", FEATURES, "h"));
    g.addNode(gemm("fc2", FEATURES, "fc2_w", "fc2_b", LOGITS));

    g.addInput(valueInfo(INPUT, cfg.channels(), cfg.stampSize(), cfg.stampSize()));
    g.addOutput(valueInfo(LOGITS, 2));
    g.addOutput(valueInfo(FEATURES, cfg.hidden()));
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("labelfree")
        .setProducerVersion("1")
        .setGraph(g)
        .build();
  }

  private static TensorProto tensor(String name, Block block, String parameter) {
    NDArray a = block.getParameters().get(parameter).getArray();
    float[] v = a.toFloatArray();
    ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(v);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name)
        .setDataType(TensorProto.DataType.FLOAT.getNumber())
        .setRawData(ByteString.copyFrom(buf.array()));
    for (long d : a.getShape().getShape()) {
      t.addDims(d);
    }
    return t.build();
  }

  private static NodeProto node(String op, String name, String output, String... inputs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
    for (String in : inputs) {
      n.addInput(in);
    }
    return n.build();
  }

  private static NodeProto conv(String name, String in, String w, String b, String out) {
    return node("Conv", name, out, in, w, b).toBuilder()
        .addAttribute(intsAttr("kernel_shape", 3, 3))
        .addAttribute(intsAttr("strides", 1, 1))
        .addAttribute(intsAttr("pads", 0, 0, 0, 0))
        .build();
  }

  private static NodeProto pool(String name, String in, String out) {
    return node("MaxPool", name, out, in).toBuilder()
        .addAttribute(intsAttr("kernel_shape", 2, 2))
        .addAttribute(intsAttr("strides", 2, 2))
        .build();
  }

  private static NodeProto gemm(String name, String in, String w, String b, String out) {
    return node("Gemm", name, out, in, w, b).toBuilder().addAttribute(intAttr("transB", 1)).build();
  }

  private static AttributeProto intsAttr(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  private static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  private static ValueInfoProto valueInfo(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
        .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }
}
