-- How a volunteer is shown to admins in /volunteers (@username or first name), stored when the
-- role is granted. Personal data: /mydata shows it, /forget erases it with the user.
ALTER TABLE users ADD COLUMN display_name TEXT;
