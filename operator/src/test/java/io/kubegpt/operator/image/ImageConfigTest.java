package io.kubegpt.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.dependent.TrainerPod;
import io.smallrye.config.WithDefault;
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
 * The container images as far as they can be checked without building them: the operator's and the trainer's
 * jib-maven-plugin configurations (read from the POMs, properties resolved) name the Helm chart's default images and
 * the operator's default trainer images, run as a non-root user, start the jar the operator's pods start, with the flags
 * and writable paths the pods provide; and no image is built or pushed by the default build.
 */
class ImageConfigTest {

    static final Path ROOT = Path.of("..");
    static Document rootPom;
    static Document trainerPom;
    static Document operatorPom;
    static JsonNode chartValues;
    static JsonNode chart;
    static final XPath XPATH = XPathFactory.newInstance().newXPath();

    @BeforeAll
    static void read() throws Exception {
        rootPom = xml(ROOT.resolve("pom.xml"));
        trainerPom = xml(ROOT.resolve("trainer/pom.xml"));
        operatorPom = xml(ROOT.resolve("operator/pom.xml"));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        chartValues = yaml.readTree(ROOT.resolve("charts/kubegpt/values.yaml").toFile());
        chart = yaml.readTree(ROOT.resolve("charts/kubegpt/Chart.yaml").toFile());
    }

    @Test
    void theOperatorImageIsTheChartsDefaultRunningAsNonRootOnTheMetricsPort() throws Exception {
        Map<String, String> properties = properties(operatorPom, null);

        assertThat(resolve(jib(operatorPom, "to/image"), properties))
                .isEqualTo(chartValues.at("/image/repository").asText() + ":" + chart.get("appVersion").asText());
        assertThat(resolve(jib(operatorPom, "container/user"), properties)).matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(jib(operatorPom, "container/ports/port")).isEqualTo(chartValues.at("/metrics/port").asText());
        List<String> entrypoint = texts(jibNode(operatorPom, "container/entrypoint"), "arg");
        assertThat(entrypoint).contains("-Djava.io.tmpdir=/tmp", "-XX:+ExitOnOutOfMemoryError")
                .endsWith("-jar", "/deployments/quarkus-run.jar");
        assertThat(jib(operatorPom, "extraDirectories/paths/path/from")).isEqualTo("${project.build.directory}/quarkus-app");
        assertThat(jib(operatorPom, "extraDirectories/paths/path/into")).isEqualTo("/deployments");
    }

    /** The operator's default trainer images, used when a job names none, are the images the build makes. */
    @Test
    void theOperatorsDefaultTrainerImagesAreTheBuiltOnes() throws Exception {
        assertThat(settingDefault("trainerImage")).isEqualTo(resolve(jib(trainerPom, "to/image"), properties(trainerPom, null)))
                .isEqualTo(chartValues.at("/trainer/image/cpu").asText());
        assertThat(settingDefault("trainerCudaImage"))
                .isEqualTo(resolve(jib(trainerPom, "to/image"), properties(trainerPom, "cuda")))
                .isEqualTo(chartValues.at("/trainer/image/cuda").asText());
    }

    static String settingDefault(String method) throws NoSuchMethodException {
        return OperatorSettings.class.getMethod(method).getAnnotation(WithDefault.class).value();
    }

    @Test
    void theTrainerImageStartsTheJarTheOperatorsPodsStart() throws Exception {
        Map<String, String> properties = properties(null);
        List<String> entrypoint = texts(jibNode("container/entrypoint"), "arg");

        // what the operator's pods run: java, TrainerPod's flags, then the trainer's command line up to the command
        List<String> pods = new ArrayList<>(List.of("java"));
        pods.addAll(TrainerPod.JVM_OPTIONS);
        pods.addAll(List.of("-jar", TrainerPod.TRAINER_JAR));
        assertThat(entrypoint).isEqualTo(pods);
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

        assertThat(user).matches("[1-9][0-9]*:[1-9][0-9]*");
        // the flags are on the entry point's command line (above): JAVA_TOOL_OPTIONS would open every log with a banner
        assertThat(jib("container/environment/JAVA_TOOL_OPTIONS")).isEmpty();
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

    /**
     * What each profile brings as ND4J's backend, read from the POMs (resolving the CUDA profile's dependencies would
     * download them): the cpu profile, active unless another is named, nd4j-native (its CpuBackend; the trainer's
     * CudaGpuCheckTest sees it on the default class path and no CUDA backend); the cuda profile ND4J's CUDA 11.6
     * backend of the same DL4J release with JavaCPP's CUDA 11.6 redistributable (cudart, cuBLAS, cuDNN), and no
     * nd4j-native anywhere it would also reach.
     */
    @Test
    void theCudaProfileSwapsTheNd4jBackendAndNoImageIsBuiltByDefault() throws Exception {
        assertThat(profileDependencies("cpu")).containsExactlyInAnyOrder("org.nd4j:nd4j-native::",
                "org.nd4j:nd4j-native::linux-x86_64-onednn-avx2", "org.nd4j:nd4j-native::linux-x86_64");
        assertThat(profileDependencies("cuda")).containsExactlyInAnyOrder("org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1:",
                "org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1:linux-x86_64", "org.bytedeco:cuda:11.6-8.3-1.5.7:linux-x86_64-redist");
        Map<String, String> cpu = properties(null);
        assertThat(texts(rootPom, "/project/dependencyManagement/dependencies/dependency[artifactId='nd4j-native']/version")
                .stream().map(version -> resolve(version, cpu)))
                .as("the CPU backend is the CUDA backend's DL4J release").containsOnly("1.0.0-M2.1");
        assertThat(resolve("${cuda.redist.version}", properties("cuda")))
                .as("the CUDA libraries are those the backend was built against")
                .startsWith(resolve("${nd4j.cuda.artifact}", properties("cuda")).substring("nd4j-cuda-".length()) + "-");
        assertThat(text(trainerPom, "profiles/profile[id='cpu']/activation/activeByDefault")).isEqualTo("true");
        assertThat(XPATH.evaluate("count(/project/profiles/profile[id='cuda']/activation)", trainerPom))
                .as("-Pcuda turns the default cpu profile off; nothing else turns cuda on").isEqualTo("0");
        assertThat(XPATH.evaluate("count(/project/dependencies/dependency[starts-with(artifactId, 'nd4j-')])", trainerPom))
                .as("an ND4J backend outside its profile would stay in the other image").isEqualTo("0");
        assertThat(XPATH.evaluate("count(/project/dependencies/dependency[starts-with(artifactId, 'nd4j-')])", rootPom))
                .isEqualTo("0");
        // the images are built in the package phase of the images profile alone, never by the default build
        for (Document module : List.of(trainerPom, operatorPom)) {
            assertThat(XPATH.evaluate("count(" + JIB + "/executions)", module)).isEqualTo("0");
            assertThat(XPATH.evaluate(JIB + "/version", module)).isEmpty();
            assertThat(text(module, "properties/jib.skip")).isEqualTo("false");
        }
        String managed = "/project/build/pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']";
        assertThat(XPATH.evaluate("count(" + managed + "/executions)", rootPom)).isEqualTo("0");
        String images = "/project/profiles/profile[id='images']/build/pluginManagement/plugins/"
                + "plugin[artifactId='jib-maven-plugin']/executions/execution/";
        assertThat(XPATH.evaluate(images + "phase", rootPom)).isEqualTo("package");
        assertThat(XPATH.evaluate(images + "goals/goal", rootPom)).isEqualTo("buildTar");
        // ... and only in the trainer and the operator: `-pl trainer -am` also reaches the parent and crds
        assertThat(text(rootPom, "properties/jib.skip")).isEqualTo("true");
        assertThat(resolve(XPATH.evaluate(managed + "/version", rootPom), cpu)).isEqualTo("3.5.2");
    }

    /**
     * The CUDA image is the CPU image's configuration with other libraries: the same JRE base (CUDA comes from the
     * redistributable jar, the driver from the node), entry point, user and JVM flags, the tag with -cuda; and no
     * natives/ extracted at build time, since loading the CUDA backend needs a GPU driver: it extracts into the
     * pods' /tmp/javacpp (TrainerPod.JVM_OPTIONS) at run time. Not checked: that the base image and the libraries
     * run together, which only a GPU node shows.
     */
    @Test
    void theCudaImageIsTheCpuImageWithTheCudaLibraries() throws Exception {
        Map<String, String> cpu = properties(null);
        Map<String, String> cuda = properties("cuda");

        assertThat(resolve(jib("to/image"), cuda)).isEqualTo(resolve(jib("to/image"), cpu) + "-cuda");
        // both variants and the operator are built on the one base image of the root POM
        assertThat(jib("from/image")).isEmpty();
        assertThat(jib(operatorPom, "from/image")).isEmpty();
        assertThat(XPATH.evaluate("/project/build/pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']"
                + "/configuration/from/image", rootPom).trim()).isEqualTo("tar://${kubegpt.base.image.tar}");
        assertThat(texts(trainerPom, "/project/profiles/profile[id='cuda']/properties/*"))
                .as("the cuda profile changes only the tag").containsExactly("-cuda");
        assertThat(XPATH.evaluate("count(/project/profiles/profile[id='cuda']/build)", trainerPom)).isEqualTo("0");
        assertThat(XPATH.evaluate("count(/project/profiles/profile[id='cuda']//plugin)", trainerPom)).isEqualTo("0");
        assertThat(XPATH.evaluate("count(/project/profiles/profile[id='cpu']//execution[id='unpack-natives'])",
                trainerPom)).isEqualTo("1");
        assertThat(texts(jibNode("container/entrypoint"), "arg")).containsAll(TrainerPod.JVM_OPTIONS)
                .anyMatch(arg -> arg.startsWith("-Dorg.bytedeco.javacpp.cachedir=" + TrainerPod.TMP_MOUNT + "/"));
    }

    /** groupId:artifactId:version:classifier of each dependency of the trainer's profile, properties resolved. */
    static List<String> profileDependencies(String profile) throws XPathExpressionException {
        NodeList deps = (NodeList) XPATH.evaluate("/project/profiles/profile[id='" + profile + "']/dependencies/dependency",
                trainerPom, XPathConstants.NODESET);
        List<String> coordinates = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element dep = (Element) deps.item(i);
            coordinates.add(resolve(child(dep, "groupId") + ":" + child(dep, "artifactId") + ":"
                    + child(dep, "version") + ":" + child(dep, "classifier"), properties(profile)));
        }
        return coordinates;
    }

    static final String JIB = "/project/build/plugins/plugin[artifactId='jib-maven-plugin']";

    static String jib(String path) throws XPathExpressionException {
        return jib(trainerPom, path);
    }

    static String jib(Document pom, String path) throws XPathExpressionException {
        return XPATH.evaluate(JIB + "/configuration/" + path, pom).trim();
    }

    static Node jibNode(String path) throws XPathExpressionException {
        return jibNode(trainerPom, path);
    }

    static Node jibNode(Document pom, String path) throws XPathExpressionException {
        Node node = (Node) XPATH.evaluate(JIB + "/configuration/" + path, pom, XPathConstants.NODE);
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
        return properties(trainerPom, profile);
    }

    /** The root's properties, then the module's, then those of the given profile of the module. */
    static Map<String, String> properties(Document modulePom, String profile) throws XPathExpressionException {
        Map<String, String> properties = new HashMap<>();
        collect(rootPom, "/project/properties/*", properties);
        collect(modulePom, "/project/properties/*", properties);
        if (profile != null) {
            collect(modulePom, "/project/profiles/profile[id='" + profile + "']/properties/*", properties);
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
