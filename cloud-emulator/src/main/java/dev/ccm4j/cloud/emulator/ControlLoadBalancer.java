package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An emulated load balancer as the vendor-neutral control API shows it. */
public final class ControlLoadBalancer {
  private final String id;
  private final String name;
  private final List<String> addresses;
  private final List<ControlListener> listeners;
  private final List<ControlBackend> backends;
  private final Map<String, String> tags;

  private ControlLoadBalancer(Builder b) {
    this.id = ControlInstance.requireText(b.id, "id");
    this.name = ControlInstance.nullToEmpty(b.name);
    this.addresses = List.copyOf(b.addresses);
    this.listeners = List.copyOf(b.listeners);
    this.backends = List.copyOf(b.backends);
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
  }

  /** A builder; {@code id} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The vendor's load balancer id. */
  public String id() {
    return id;
  }

  /** The load balancer name. */
  public String name() {
    return name;
  }

  /** The frontend addresses. */
  public List<String> addresses() {
    return addresses;
  }

  /** The listeners. */
  public List<ControlListener> listeners() {
    return listeners;
  }

  /** The backends over all listeners / server groups. */
  public List<ControlBackend> backends() {
    return backends;
  }

  /** The tags. */
  public Map<String, String> tags() {
    return tags;
  }

  /** The control API's JSON form. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("name", name);
    o.add("addresses", Jsons.toArray(addresses, com.google.gson.JsonPrimitive::new));
    o.add("listeners", Jsons.toArray(listeners, ControlListener::toJson));
    o.add("backends", Jsons.toArray(backends, ControlBackend::toJson));
    JsonObject t = new JsonObject();
    tags.forEach(t::addProperty);
    o.add("tags", t);
    return o;
  }

  /**
   * Reads the control API's JSON form.
   *
   * @param json the object
   * @return the load balancer
   */
  public static ControlLoadBalancer fromJson(JsonObject json) {
    Builder b = builder().id(Jsons.string(json, "id").orElse(null)).name(Jsons.string(json, "name").orElse(""));
    if (json.has("addresses")) {
      Jsons.array(json.get("addresses"), "addresses").forEach(e -> b.addAddress(e.getAsString()));
    }
    if (json.has("listeners")) {
      for (JsonElement e : Jsons.array(json.get("listeners"), "listeners")) {
        b.addListener(ControlListener.fromJson(Jsons.object(e, "listener")));
      }
    }
    if (json.has("backends")) {
      for (JsonElement e : Jsons.array(json.get("backends"), "backends")) {
        b.addBackend(ControlBackend.fromJson(Jsons.object(e, "backend")));
      }
    }
    if (json.has("tags")) {
      Jsons.object(json.get("tags"), "tags").entrySet().forEach(e -> b.tag(e.getKey(), e.getValue().getAsString()));
    }
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ControlLoadBalancer c && toJson().equals(c.toJson());
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, addresses, listeners, backends, tags);
  }

  @Override
  public String toString() {
    return "ControlLoadBalancer" + toJson();
  }

  /** Builds a {@link ControlLoadBalancer}. */
  public static final class Builder {
    private String id;
    private String name;
    private final List<String> addresses = new ArrayList<>();
    private final List<ControlListener> listeners = new ArrayList<>();
    private final List<ControlBackend> backends = new ArrayList<>();
    private final Map<String, String> tags = new LinkedHashMap<>();

    private Builder() {
    }

    /**
     * Sets the id.
     *
     * @param id the vendor load balancer id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Replaces the addresses.
     *
     * @param addresses the frontend addresses
     * @return this builder
     */
    public Builder addresses(List<String> addresses) {
      this.addresses.clear();
      this.addresses.addAll(addresses);
      return this;
    }

    /**
     * Adds an address.
     *
     * @param address a frontend address
     * @return this builder
     */
    public Builder addAddress(String address) {
      this.addresses.add(Objects.requireNonNull(address, "address"));
      return this;
    }

    /**
     * Replaces the listeners.
     *
     * @param listeners the listeners
     * @return this builder
     */
    public Builder listeners(List<ControlListener> listeners) {
      this.listeners.clear();
      this.listeners.addAll(listeners);
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder addListener(ControlListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Replaces the backends.
     *
     * @param backends the backends
     * @return this builder
     */
    public Builder backends(List<ControlBackend> backends) {
      this.backends.clear();
      this.backends.addAll(backends);
      return this;
    }

    /**
     * Adds a backend.
     *
     * @param backend the backend
     * @return this builder
     */
    public Builder addBackend(ControlBackend backend) {
      this.backends.add(Objects.requireNonNull(backend, "backend"));
      return this;
    }

    /**
     * Replaces the tags.
     *
     * @param tags tag keys to values
     * @return this builder
     */
    public Builder tags(Map<String, String> tags) {
      this.tags.clear();
      this.tags.putAll(tags);
      return this;
    }

    /**
     * Sets one tag.
     *
     * @param key the tag key
     * @param value the tag value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      this.tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the load balancer.
     *
     * @throws IllegalArgumentException when {@code id} is blank
     */
    public ControlLoadBalancer build() {
      return new ControlLoadBalancer(this);
    }
  }
}
