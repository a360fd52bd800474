package org.elasticcloud.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.elasticcloud.core.validation.ValidationException;
import org.elasticcloud.core.validation.Violation;
import org.junit.jupiter.api.Test;

class InventoryRulesTest {
  @Test
  void missingReferencesAreNamedWithTheirIds() {
    AppGroup group = new AppGroup(null, 7L, 1L, "v2", 9L, 1, 3);
    Set<Long> existing = Set.of(1L, 9L);
    assertThatThrownBy(() -> InventoryRules.validate(group, (type, id) -> existing.contains(id)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .containsExactly(new Violation("applicationId", "refers to no existing application (id 7)")));
  }

  @Test
  void fieldRulesAndReferencesAreReportedTogether() {
    AppGroup group = new AppGroup(null, 7L, 1L, "", 9L, 4, 2);
    assertThatThrownBy(() -> InventoryRules.validate(group, (type, id) -> false))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field)
            .containsExactlyInAnyOrder("name", "maxInstances", "applicationId", "environmentId", "specId"));
  }

  @Test
  void theLookupIsAskedForTheRightType() {
    NetworkSwitch sw = new NetworkSwitch(null, 3L, "sw1");
    InventoryRules.validate(sw, (type, id) -> type == Datacenter.class && id == 3L);
    assertThatThrownBy(() -> InventoryRules.validate(sw, (type, id) -> type != Datacenter.class))
        .isInstanceOf(ValidationException.class).hasMessageContaining("datacenter");
  }

  @Test
  void typesAreDescribedInWords() {
    assertThat(InventoryRules.describe(NetworkSwitch.class)).isEqualTo("network switch");
    assertThat(InventoryRules.describe(AppGroup.class)).isEqualTo("group");
  }

  @Test
  void imagesFollowTheThreeLayerModel() {
    assertThatThrownBy(() -> new Image(null, "ecloud/os", "1", ImageLayer.OS, 4L).validate())
        .hasMessageContaining("parentId");
    assertThatThrownBy(() -> new Image(null, "ecloud/app", "1", ImageLayer.APPLICATION, null).validate())
        .hasMessageContaining("parentId");
    new Image(null, "ecloud/base", "1", ImageLayer.BASE, 1L).validate();
  }

  @Test
  void applicationsDefaultToMiddlePriority() {
    assertThat(new Application(null, "cap", 1L, null).priority()).isEqualTo(Application.DEFAULT_PRIORITY);
    assertThatThrownBy(() -> new Application(null, "cap", 1L, 101).validate()).hasMessageContaining("priority");
  }
}
