package org.elasticcloud.core.alerts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.elasticcloud.core.validation.Checks;

/**
 * Whom a policy tells: the application's owner, every owner of the owner's department, and/or
 * explicit e-mail addresses and phone numbers. Owners are reached by e-mail (the inventory keeps no
 * phone numbers); SMS goes to the explicit phone numbers.
 *
 * @param owner the application's owner (by e-mail)
 * @param department every owner in the department of the application's owner (by e-mail)
 * @param emails explicit e-mail addresses
 * @param phones explicit phone numbers, E.164-like: an optional {@code +} and 7-15 digits, the
 *     first not 0; spaces, dashes, dots and parentheses are dropped
 */
public record Recipients(Boolean owner, Boolean department, List<String> emails, List<String> phones) {
  private static final Pattern PHONE = Pattern.compile("\\+?[1-9][0-9]{6,14}");
  private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().-]");

  public Recipients {
    owner = Boolean.TRUE.equals(owner);
    department = Boolean.TRUE.equals(department);
    emails = emails == null ? List.of() : emails.stream().map(e -> e == null ? null : e.trim()).toList();
    phones = phones == null ? List.of() : phones.stream().map(Recipients::normalisePhone).toList();
  }

  public static Recipients ofOwner() {
    return new Recipients(true, false, List.of(), List.of());
  }

  /** Nobody at all. */
  public boolean none() {
    return !owner && !department && emails.isEmpty() && phones.isEmpty();
  }

  /** Whether any e-mail recipient is named (the owner, the department or an address). */
  public boolean reachesByEmail() {
    return owner || department || !emails.isEmpty();
  }

  /** Checks the addresses; {@code field} prefixes the violations' field names. */
  public void check(Checks checks, String field) {
    if (none()) {
      checks.add(field, "must name at least one recipient: owner, department, emails or phones");
    }
    for (int i = 0; i < emails.size(); i++) {
      checks.email(field + ".emails[" + i + "]", emails.get(i));
    }
    for (int i = 0; i < phones.size(); i++) {
      String p = phones.get(i);
      if (p == null || !PHONE.matcher(p).matches()) {
        checks.add(field + ".phones[" + i + "]", "must be a phone number in E.164 form, e.g. +4915112345678");
      }
    }
  }

  /**
   * The addresses on the given channels, without duplicates, in the order owner, department,
   * e-mails, phones.
   *
   * @param ownerEmail the application's owner's e-mail address
   * @param departmentEmails the e-mail addresses of every owner in that owner's department
   */
  public List<Recipient> resolve(Set<Channel> channels, String ownerEmail, Collection<String> departmentEmails) {
    Set<Recipient> out = new LinkedHashSet<>();
    if (channels.contains(Channel.EMAIL)) {
      if (owner && ownerEmail != null) {
        out.add(new Recipient(Channel.EMAIL, ownerEmail.toLowerCase(Locale.ROOT)));
      }
      if (department) {
        departmentEmails.forEach(e -> out.add(new Recipient(Channel.EMAIL, e.toLowerCase(Locale.ROOT))));
      }
      emails.forEach(e -> out.add(new Recipient(Channel.EMAIL, e.toLowerCase(Locale.ROOT))));
    }
    if (channels.contains(Channel.SMS)) {
      phones.forEach(p -> out.add(new Recipient(Channel.SMS, p)));
    }
    return new ArrayList<>(out);
  }

  static String normalisePhone(String phone) {
    return phone == null ? null : PHONE_SEPARATORS.matcher(phone).replaceAll("");
  }
}
