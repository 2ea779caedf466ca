package io.kubegpt.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubegpt.operator.dependent.TrainerPod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The container images as far as they can be checked without pulling a base image: the operator's Quarkus Jib
 * settings and the trainer's jib-maven-plugin configuration (read from the POMs, properties resolved) name the
 * Helm chart's default images, run as a non-root user, start the jar the operator's pods start, with the flags
 * and writable paths the pods provide; and no image is built or pushed by the default build.
 */
class ImageConfigTest {

    static final Path ROOT = Path.of("..");
    static Document rootPom;
    static Document trainerPom;
    static JsonNode chartValues;
    static JsonNode chart;
    static final XPath XPATH = XPathFactory.newInstance().newXPath();

    @BeforeAll
    static void read() throws Exception {
        rootPom = xml(ROOT.resolve("pom.xml"));
        trainerPom = xml(ROOT.resolve("trainer/pom.xml"));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        chartValues = yaml.readTree(ROOT.resolve("charts/kubegpt/values.yaml").toFile());
        chart = yaml.readTree(ROOT.resolve("charts/kubegpt/Chart.yaml").toFile());
    }

    @Test
    void theOperatorImageIsTheChartsDefaultRunningAsNonRootOnTheMetricsPort() throws IOException {
        Properties app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        String image = app.getProperty("quarkus.container-image.registry") + "/"
                + app.getProperty("quarkus.container-image.group") + "/" + app.getProperty("quarkus.container-image.name")
                + ":" + app.getProperty("quarkus.container-image.tag");

        assertThat(image).isEqualTo(chartValues.at("/image/repository").asText() + ":" + chart.get("appVersion").asText());
        assertThat(app.getProperty("quarkus.container-image.build", "false")).isEqualTo("false");
        assertThat(app.getProperty("quarkus.container-image.push", "false")).isEqualTo("false");
        assertThat(Integer.parseInt(app.getProperty("quarkus.jib.user"))).isPositive();
        assertThat(app.getProperty("quarkus.jib.ports")).isEqualTo(chartValues.at("/metrics/port").asText());
        assertThat(app.getProperty("quarkus.jib.jvm-additional-arguments")).contains("-Djava.io.tmpdir=/tmp");
        assertThat(ROOT.resolve("operator/pom.xml")).content().contains("<artifactId>quarkus-container-image-jib</artifactId>");
    }

    @Test
    void theTrainerImagesAreTheChartsDefaults() throws Exception {
        Map<String, String> properties = properties(null);
        Map<String, String> cuda = properties("cuda");

        assertThat(resolve(jib("to/image"), properties)).isEqualTo(chartValues.at("/trainer/image/cpu").asText());
        assertThat(resolve(jib("to/image"), cuda)).isEqualTo(chartValues.at("/trainer/image/cuda").asText());
    }

    @Test
    void theTrainerImageStartsTheJarTheOperatorsPodsStart() throws Exception {
        Map<String, String> properties = properties(null);
        List<String> entrypoint = texts(jibNode("container/entrypoint"), "arg");

        assertThat(entrypoint).containsExactly("java", "-XX:+ExitOnOutOfMemoryError", "-jar", TrainerPod.TRAINER_JAR);
        // the jar and its manifest class path (lib/), copied as they are into the jar's folder
        Path jarFolder = Path.of(TrainerPod.TRAINER_JAR).getParent();
        assertThat(jib("extraDirectories/paths/path[1]/into")).isEqualTo(jarFolder.toString());
        assertThat(resolve(jib("extraDirectories/paths/path[1]/from"), properties)).isEqualTo("${project.build.directory}");
        assertThat(jib("extraDirectories/paths/path[1]/includes").split(","))
                .containsExactly(Path.of(TrainerPod.TRAINER_JAR).getFileName().toString(), "lib/**", "natives/**");
        String manifest = "build/plugins/plugin[artifactId='maven-jar-plugin']/configuration/archive/manifest/";
        assertThat(text(trainerPom, manifest + "mainClass")).isEqualTo("io.kubegpt.trainer.cli.Main");
        assertThat(text(trainerPom, manifest + "classpathPrefix")).isEqualTo("lib/");
        assertThat(text(trainerPom, "build/plugins/plugin[artifactId='maven-jar-plugin']/configuration/finalName") + ".jar")
                .isEqualTo(Path.of(TrainerPod.TRAINER_JAR).getFileName().toString());
        assertThat(ROOT.resolve("trainer/src/main/java/io/kubegpt/trainer/cli/Main.java")).exists();
    }

    @Test
    void theTrainerImageRunsAsNonRootWithThePodsJvmFlagsAndItsNativeLibrariesExtracted() throws Exception {
        String user = resolve(jib("container/user"), properties(null));
        String flags = jib("container/environment/JAVA_TOOL_OPTIONS");

        assertThat(user).matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(flags).isEqualTo(TrainerPod.JVM_OPTIONS);
        // natives/ (copied beside the jar, see above), where the trainer loads them from in place: written by the
        // build's package phase
        String unpack = "profiles/profile[id='cpu']/build/plugins/plugin[artifactId='exec-maven-plugin']/executions/"
                + "execution[id='unpack-natives']/";
        assertThat(text(trainerPom, unpack + "phase")).isEqualTo("package");
        assertThat(texts((Node) XPATH.evaluate("/project/" + unpack + "configuration/arguments", trainerPom,
                XPathConstants.NODE), "argument"))
                .containsExactly("-jar", "${project.build.directory}/kubegpt-trainer.jar", "natives", "--unpack",
                        "${project.build.directory}/natives");
        // Jib's own copy of the classes and libraries is filtered out: the image holds them once
        assertThat(texts(jibNode("pluginExtensions/pluginExtension/configuration/filters"), "filter/glob"))
                .contains("/app/classes/**", "/app/libs/**", "/app/resources/**", "/app/natives/**");
    }

    @Test
    void theCudaProfileSwapsTheNd4jBackendAndNoImageIsBuiltByDefault() throws Exception {
        Map<String, String> properties = properties("cuda");
        String cudaDeps = "profiles/profile[id='cuda']/dependencies/dependency";
        NodeList deps = (NodeList) XPATH.evaluate("/project/" + cudaDeps, trainerPom, XPathConstants.NODESET);
        List<String> coordinates = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element dep = (Element) deps.item(i);
            coordinates.add(resolve(child(dep, "groupId") + ":" + child(dep, "artifactId") + ":"
                    + child(dep, "version") + ":" + child(dep, "classifier"), properties));
        }

        assertThat(coordinates).contains("org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1:linux-x86_64",
                "org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1:");
        assertThat(text(trainerPom, "profiles/profile[id='cpu']/activation/activeByDefault")).isEqualTo("true");
        assertThat(XPATH.evaluate("count(/project/profiles/profile[id='cpu']/dependencies/dependency[artifactId='nd4j-native'])",
                trainerPom)).isEqualTo("3");
        assertThat(XPATH.evaluate("count(/project/dependencies/dependency[artifactId='nd4j-native'])", trainerPom))
                .as("nd4j-native outside the cpu profile would stay in the CUDA image").isEqualTo("0");
        // the plugin runs only as jib:build / jib:buildTar, never in a phase of the default build
        assertThat(XPATH.evaluate("count(" + JIB + "/executions)", trainerPom)).isEqualTo("0");
        assertThat(XPATH.evaluate(JIB + "/version", trainerPom)).isEmpty();
        // ... and only in the trainer: `-pl trainer -am ... jib:buildTar` also reaches the parent and crds
        assertThat(text(rootPom, "properties/jib.skip")).isEqualTo("true");
        assertThat(text(trainerPom, "properties/jib.skip")).isEqualTo("false");
        assertThat(resolve(XPATH.evaluate("/project/build/pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']/version",
                rootPom), properties)).isEqualTo("3.5.2");
    }

    static final String JIB = "/project/build/plugins/plugin[artifactId='jib-maven-plugin']";

    static String jib(String path) throws XPathExpressionException {
        return XPATH.evaluate(JIB + "/configuration/" + path, trainerPom).trim();
    }

    static Node jibNode(String path) throws XPathExpressionException {
        Node node = (Node) XPATH.evaluate(JIB + "/configuration/" + path, trainerPom, XPathConstants.NODE);
        assertThat(node).as(path).isNotNull();
        return node;
    }

    static List<String> texts(Node parent, String path) throws XPathExpressionException {
        NodeList nodes = (NodeList) XPATH.evaluate(path, parent, XPathConstants.NODESET);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }

    static String text(Document pom, String path) throws XPathExpressionException {
        return XPATH.evaluate("/project/" + path, pom).trim();
    }

    static String child(Element element, String name) {
        NodeList nodes = element.getElementsByTagName(name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }

    /** The root's properties, then the trainer's, then those of the given profile of the trainer. */
    static Map<String, String> properties(String profile) throws XPathExpressionException {
        Map<String, String> properties = new HashMap<>();
        collect(rootPom, "/project/properties/*", properties);
        collect(trainerPom, "/project/properties/*", properties);
        if (profile != null) {
            collect(trainerPom, "/project/profiles/profile[id='" + profile + "']/properties/*", properties);
        }
        return properties;
    }

    private static void collect(Document pom, String path, Map<String, String> into) throws XPathExpressionException {
        NodeList nodes = (NodeList) XPATH.evaluate(path, pom, XPathConstants.NODESET);
        for (int i = 0; i < nodes.getLength(); i++) {
            into.put(nodes.item(i).getNodeName(), nodes.item(i).getTextContent().trim());
        }
    }

    /** Replaces ${name} with the property's value, repeatedly; unknown names (project.*) stay. */
    static String resolve(String value, Map<String, String> properties) {
        Pattern reference = Pattern.compile("\\$\\{([^}]+)}");
        String current = value;
        for (int round = 0; round < 10; round++) {
            Matcher m = reference.matcher(current);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(properties.getOrDefault(m.group(1), m.group(0))));
            }
            m.appendTail(out);
            if (out.toString().equals(current)) {
                return current;
            }
            current = out.toString();
        }
        return current;
    }

    static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }
}
