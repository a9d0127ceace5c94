allow(user: User, "read", page: Page) if
    page.id = 1 and user.name = "bob";

slow(x) if x = Slow.wait(3000);
