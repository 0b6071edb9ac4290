package dev.ccm4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.fixtures.AlphaFactory;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudProvidersTest {
  @TempDir Path tmp;

  private final ClassLoader testLoader = getClass().getClassLoader();

  @Test
  void listsRegisteredProvidersSortedWithoutAliases() {
    assertThat(CloudProviders.available(testLoader)).containsExactly("alpha", "beta", "failing");
  }

  @Test
  void loadsByNameAndByAliasWithEmptyConfigWhenNoPathGiven() {
    CloudProvider byName = CloudProviders.load("alpha", null, testLoader);
    CloudProvider byAlias = CloudProviders.load("alpha-legacy", null, testLoader);

    assertThat(byName).isInstanceOf(AlphaFactory.AlphaProvider.class);
    assertThat(((AlphaFactory.AlphaProvider) byName).config().isEmpty()).isTrue();
    assertThat(byAlias.name()).isEqualTo("alpha");
  }

  @Test
  void passesTheConfigFileContentsAndPath() throws IOException {
    Path config = Files.writeString(tmp.resolve("cloud.conf"), "[Global]\nregion = cn-hangzhou\n");

    CloudProvider alpha = CloudProviders.load("alpha", config, testLoader);
    CloudProvider beta = CloudProviders.load("beta", config, testLoader);

    CloudConfig seen = ((AlphaFactory.AlphaProvider) alpha).config();
    assertThat(seen.path()).contains(config);
    assertThat(seen.ini().get("global", "REGION")).contains("cn-hangzhou");
    assertThat(beta.name()).isEqualTo("beta-cn-hangzhou");
  }

  @Test
  void unknownNameListsAvailableProvidersAndAliases() {
    assertThatThrownBy(() -> CloudProviders.load("gamma", null, testLoader))
        .isInstanceOf(ProviderLoadException.class)
        .hasMessage("unknown cloud provider \"gamma\"; available providers: alpha (aliases: alpha-legacy), beta,"
            + " failing");
  }

  @Test
  void emptyNameIsRefusedWithTheList() {
    assertThatThrownBy(() -> CloudProviders.load(" ", null, testLoader))
        .isInstanceOf(ProviderLoadException.class)
        .hasMessageStartingWith("no cloud provider name given; available providers: alpha");
  }

  @Test
  void noProvidersAtAllSaysSo() {
    ClassLoader empty = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());
    assertThatThrownBy(() -> CloudProviders.factory("alpha", empty))
        .hasMessageContaining("no cloud providers were found on the classpath");
  }

  @Test
  void unreadableConfigNamesThePath() {
    Path missing = tmp.resolve("does-not-exist.conf");
    assertThatThrownBy(() -> CloudProviders.load("alpha", missing, testLoader))
        .isInstanceOf(ProviderLoadException.class)
        .hasMessageContaining("cannot read cloud-config file " + missing)
        .hasMessageContaining("NoSuchFileException");
  }

  @Test
  void configValidationErrorsReachTheCallerUnwrapped() throws IOException {
    Path config = Files.writeString(tmp.resolve("cloud.conf"), "[Global]\nzone = a\n");
    assertThatThrownBy(() -> CloudProviders.load("beta", config, testLoader))
        .isExactlyInstanceOf(CloudConfigException.class)
        .hasMessage(config + ": missing required key \"region\" in section [Global]");
    assertThatThrownBy(() -> CloudProviders.load("beta", null, testLoader))
        .isExactlyInstanceOf(CloudConfigException.class)
        .hasMessageContaining("needs a cloud-config");
  }

  @Test
  void factoryFailureNamesTheProviderAndKeepsTheCause() {
    assertThatThrownBy(() -> CloudProviders.create("failing", CloudConfig.empty(), testLoader))
        .isInstanceOf(ProviderLoadException.class)
        .hasMessage("could not init cloud provider \"failing\": endpoint unreachable")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> CloudProviders.create("failing", CloudConfig.of("null"), testLoader))
        .hasMessageContaining("dev.ccm4j.api.fixtures.FailingFactory.create returned null");
  }

  @Test
  void twoFactoriesWithOneNameAreAnErrorNamingBothClasses() throws IOException {
    ClassLoader loader = loaderWithExtraRegistration("dev.ccm4j.api.fixtures.SecondAlphaFactory");
    assertThatThrownBy(() -> CloudProviders.load("beta", null, loader))
        .isInstanceOf(ProviderLoadException.class)
        .hasMessage("cloud provider name \"alpha-legacy\" is registered by both dev.ccm4j.api.fixtures.AlphaFactory"
            + " and dev.ccm4j.api.fixtures.SecondAlphaFactory; remove one of them from the classpath");
  }

  @Test
  void invalidProviderNameIsRejected() throws IOException {
    ClassLoader loader = loaderWithExtraRegistration("dev.ccm4j.api.fixtures.BadNameFactory");
    assertThatThrownBy(() -> CloudProviders.available(loader))
        .hasMessageContaining("dev.ccm4j.api.fixtures.BadNameFactory declares invalid provider name \"My Cloud\"");
  }

  @Test
  void brokenRegistrationIsReported() throws IOException {
    ClassLoader loader = loaderWithExtraRegistration("com.example.Missing");
    assertThatThrownBy(() -> CloudProviders.available(loader))
        .isInstanceOf(ProviderLoadException.class)
        .hasMessageContaining("broken cloud provider registration")
        .hasMessageContaining("com.example.Missing");
  }

  private ClassLoader loaderWithExtraRegistration(String className) throws IOException {
    Path services = tmp.resolve("extra/META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(CloudProviderFactory.class.getName()), className + "\n",
        StandardCharsets.UTF_8);
    return new URLClassLoader(new URL[] {tmp.resolve("extra").toUri().toURL()}, testLoader);
  }
}
